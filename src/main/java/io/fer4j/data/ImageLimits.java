package io.fer4j.data;

import io.fer4j.Fer4jException;

/**
 * Process-wide limits on image decoding, PIL's {@code Image.MAX_IMAGE_PIXELS} in spirit: an
 * image whose header declares more pixels than {@link #maxPixels()} (default 40 MP; the CLI's
 * {@code --max-image-pixels}) is refused before decoding, wherever images enter (files, folders,
 * {@code :predictImage}). A small PNG can declare 16000x16000; decoding it would take seconds
 * and gigabytes.
 */
public final class ImageLimits {
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
  private static volatile long maxPixels = DEFAULT_MAX_PIXELS;

  private ImageLimits() {}

  public static long maxPixels() { return maxPixels; }

  /** Sets the cap (>= 1) for every decoder in this JVM. */
  public static void setMaxPixels(long pixels) {
    if (pixels < 1) throw new Fer4jException("--max-image-pixels must be >= 1, got " + pixels);
    maxPixels = pixels;
  }

  /** Reads the header of {@code bytes} and refuses it, naming {@code what} and its size, when over the cap. */
  public static ImageHeader check(byte[] bytes, String what) {
    return check(ImageHeader.read(bytes, what), what);
  }

  /** Refuses {@code h}, naming {@code what} and its declared size, when over the cap; else returns it. */
  public static ImageHeader check(ImageHeader h, String what) {
    long cap = maxPixels;
    if (h.declaredPixels() > cap) {
      String size = h.width() + "x" + h.height() + (h.frames() > 1 ? " in " + h.frames() + " frames" : "");
      throw new Fer4jException(String.format("%s: image declares %s (%,d pixels), more than the limit of %,d pixels (--max-image-pixels)",
          what, size, h.declaredPixels(), cap));
    }
    return h;
  }
}
