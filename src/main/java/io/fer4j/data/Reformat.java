package io.fer4j.data;

import io.fer4j.Fer4jException;

/**
 * Brings 8-bit images to a model's input size and channels, as Keras' image loaders do for
 * {@code target_size} and {@code color_mode}: resized with TF's kernels, gray replicated to RGB
 * (what {@code color_mode="rgb"} gives for a grayscale file), RGB to gray with ITU-R 601 luma.
 */
public final class Reformat {
  private Reformat() {}

  public static ImageData to(ImageData d, int height, int width, int channels, Interpolation interp) {
    if (d.height() == height && d.width() == width && d.channels() == channels) return d;
    if (channels != 1 && channels != 3) throw new Fer4jException("models take 1 or 3 image channels, this one takes " + channels);
    int n = d.size();
    int c0 = d.channels();
    byte[] out = new byte[n * height * width * channels];
    int[] labels = new int[n];
    String[] sources = new String[n];
    try (ImageResizer resizer = new ImageResizer()) {
      for (int i = 0; i < n; i++) {
        byte[] px = d.pixels(i);
        float[] f = new float[px.length];
        for (int k = 0; k < px.length; k++) f[k] = px[k] & 0xFF;
        if (d.height() != height || d.width() != width) f = resizer.resize(f, d.height(), d.width(), c0, height, width, interp);
        int base = i * height * width * channels;
        for (int p = 0; p < height * width; p++) {
          if (c0 == channels) {
            for (int c = 0; c < channels; c++) out[base + p * channels + c] = toByte(f[p * c0 + c]);
          } else if (c0 == 1) {
            byte v = toByte(f[p]);
            for (int c = 0; c < channels; c++) out[base + p * channels + c] = v;
          } else {
            out[base + p] = toByte(0.299f * f[p * 3] + 0.587f * f[p * 3 + 1] + 0.114f * f[p * 3 + 2]);
          }
        }
        labels[i] = d.label(i);
        sources[i] = d.source(i);
      }
    }
    return new ImageData(out, height, width, channels, labels, d.classes(), sources);
  }

  private static byte toByte(float v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }
}
