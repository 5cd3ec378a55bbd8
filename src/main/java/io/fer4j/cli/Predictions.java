package io.fer4j.cli;

import io.fer4j.data.Dataset;
import io.fer4j.predict.ImageModel;

/** Runs an image model over a dataset in batches, optionally with flip test-time augmentation. */
final class Predictions {
  private Predictions() {}

  static float[][] run(ImageModel m, Dataset d, int batchSize, io.fer4j.Ensembles.Tta tta) {
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

  /**
   * Probabilities for n (h, w, c) images, averaged over the views of {@code tta}: the image (its
   * centre crop when the model takes smaller images), its mirror, and the ten-crop corners, as
   * {@link io.fer4j.Ensembles} builds them into a graph.
   */
  static float[][] predict(ImageModel m, float[] x, int n, int h, int w, int c, io.fer4j.Ensembles.Tta tta) {
    long[] in = m.inputShape();
    long[] full = {h, w, c};
    float[][] sum = null;
    int views = 0;
    for (boolean mirror : tta == io.fer4j.Ensembles.Tta.NONE ? new boolean[] {false} : new boolean[] {false, true}) {
      float[] src = mirror ? flipped(x, n, h, w, c) : x;
      for (int[] b : io.fer4j.Ensembles.cropMargins(in, full, tta)) {
        float[][] p = m.predict(b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 ? src : crop(src, n, h, w, c, b[0], b[2], (int) in[0], (int) in[1]), n);
        if (sum == null) {
          sum = p;
        } else {
          for (int i = 0; i < n; i++) for (int j = 0; j < p[i].length; j++) sum[i][j] += p[i][j];
        }
        views++;
      }
    }
    if (views > 1) for (float[] row : sum) for (int j = 0; j < row.length; j++) row[j] /= views;
    return sum;
  }

  /** The (ch, cw) window at (top, left) of each of n (h, w, c) images. */
  static float[] crop(float[] x, int n, int h, int w, int c, int top, int left, int ch, int cw) {
    float[] o = new float[n * ch * cw * c];
    for (int i = 0; i < n; i++) for (int y = 0; y < ch; y++) System.arraycopy(x, ((i * h + top + y) * w + left) * c, o, ((i * ch + y) * cw) * c, cw * c);
    return o;
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
