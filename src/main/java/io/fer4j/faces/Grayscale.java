package io.fer4j.faces;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * 8-bit gray pixels of any BufferedImage without Java2D colour-space conversion (which shifts
 * gray levels): gray images are read as stored, colour ones with PIL's "L" formula
 * (299 R + 587 G + 114 B) / 1000.
 */
final class Grayscale {
  private Grayscale() {}

  static byte[] of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[w * h];
    if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      Raster r = img.getRaster();
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) out[y * w + x] = (byte) row[x];
      }
      return out;
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      int r = (p >> 16) & 0xFF;
      int g = (p >> 8) & 0xFF;
      int b = p & 0xFF;
      out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
    }
    return out;
  }
}
