package io.fer4j.cli;

import io.fer4j.data.Dataset;
import io.fer4j.predict.ImageModel;

/** Runs an image model over a dataset in batches, optionally with flip test-time augmentation. */
final class Predictions {
  private Predictions() {}

  static float[][] run(ImageModel m, Dataset d, int batchSize, boolean tta) {
    int per = d.sampleSize();
    long[] s = d.sampleShape();
    float[][] out = new float[d.size()][];
    for (int from = 0; from < d.size(); from += batchSize) {
      int n = Math.min(batchSize, d.size() - from);
      float[] x = new float[n * per];
      for (int i = 0; i < n; i++) d.copyInput(from + i, x, i * per);
      float[][] p = predict(m, x, n, (int) s[0], (int) s[1], (int) s[2], tta);
      System.arraycopy(p, 0, out, from, n);
    }
    return out;
  }

  /** Probabilities for n images; with tta, the mean over each image and its mirror image. */
  static float[][] predict(ImageModel m, float[] x, int n, int h, int w, int c, boolean tta) {
    float[][] p = m.predict(x, n);
    if (!tta) return p;
    float[][] q = m.predict(flipped(x, n, h, w, c), n);
    for (int i = 0; i < n; i++) for (int j = 0; j < p[i].length; j++) p[i][j] = (p[i][j] + q[i][j]) / 2;
    return p;
  }

  /** Horizontal mirror of (n, h, w, c) images. */
  static float[] flipped(float[] x, int n, int h, int w, int c) {
    float[] f = new float[x.length];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < h; y++) {
        for (int col = 0; col < w; col++) {
          int src = ((i * h + y) * w + col) * c;
          int dst = ((i * h + y) * w + (w - 1 - col)) * c;
          System.arraycopy(x, src, f, dst, c);
        }
      }
    }
    return f;
  }
}
