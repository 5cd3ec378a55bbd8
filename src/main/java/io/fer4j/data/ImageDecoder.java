package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Decodes JPEG/PNG/GIF/BMP bytes with TF's own decoders, after a header check (pixel cap, decode budget), so gray levels are exactly Python's:
 * Java2D's colour conversion of gray JPEGs shifts pixel values. JPEGs use libjpeg's accurate
 * integer IDCT, as PIL (Keras' image loader) does; TF's default fast IDCT moves a few gray levels
 * and changed 9 of 28,709 FER2013 predictions of a Python model. Resizes with TF's kernels when
 * the image is not the target size. Thread-safe; one instance per channel count.
 */
public final class ImageDecoder implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> contents;
  private final DecodeOps.Decoders decoders;
  private final ImageResizer resizer = new ImageResizer();
  private final int channels;

  public ImageDecoder(int channels) {
    if (channels != 1 && channels != 3) throw new Fer4jException("images can be decoded to 1 or 3 channels, not " + channels);
    this.channels = channels;
    Ops tf = Ops.create(graph);
    contents = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    decoders = DecodeOps.build(tf, contents, channels);
    session = new Session(graph);
  }

  public int channels() { return channels; }

  /** A decoded image: height, width, and pixel values 0..255 as floats, (H, W, C) row-major. */
  public record Image(int height, int width, int channels, float[] pixels) {
    /** Values rounded and clamped to 8 bits (what PIL's uint8 images hold). */
    public byte[] toBytes() {
      byte[] b = new byte[pixels.length];
      for (int i = 0; i < b.length; i++) b[i] = (byte) Math.max(0, Math.min(255, Math.round(pixels[i])));
      return b;
    }
  }

  public Image read(Path file, int height, int width, Interpolation interp) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Fer4jException(file + ": no such file");
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot read (" + e.getMessage() + ")");
    }
    return decode(bytes, height, width, interp, file.toString());
  }

  /**
   * Decodes and, if needed, resizes to (height, width); height/width {@code <= 0} keep the original size.
   * The header is read first: images over {@link ImageLimits#maxPixels()} are refused before
   * decoding, and the decode waits for its share of the {@link DecodeBudget}. Animated GIFs give
   * their first frame.
   */
  public Image decode(byte[] bytes, int height, int width, Interpolation interp, String what) {
    ImageHeader header = ImageLimits.check(bytes, what);
    // TF's uint8 pixels, their float cast, the heap copy and the resizer's input: 13 bytes per value (GIF: + the RGB canvas)
    long cost = header.declaredPixels() * (channels * 13L + (header.format().equals("gif") ? 16 : 0));
    Image full = DecodeBudget.shared().run(cost, () -> {
      try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes));
           Result r = session.runner().feed(contents, in).fetch(decoders.forFormat(header.format())).run()) {
        TFloat32 img = (TFloat32) r.get(0);
        int h = (int) img.shape().get(0);
        int w = (int) img.shape().get(1);
        float[] px = new float[h * w * channels];
        img.copyTo(DataBuffers.of(px, false, false));
        return new Image(h, w, channels, px);
      } catch (RuntimeException e) { // TF reports bad input as TFInvalidArgumentException (an IllegalArgumentException)
        if (e instanceof Fer4jException) throw e;
        throw new Fer4jException(what + ": not a decodable image (" + firstLine(e.getMessage()) + ")");
      }
    });
    int h = full.height();
    int w = full.width();
    if ((height <= 0 || h == height) && (width <= 0 || w == width)) return full;
    return new Image(height, width, channels, resizer.resize(full.pixels(), h, w, channels, height, width, interp));
  }

  private static String firstLine(String m) {
    if (m == null) return "unknown error";
    String l = m.lines().findFirst().orElse(m).trim();
    return l.length() > 160 ? l.substring(0, 160) + "..." : l;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
    resizer.close();
  }
}
