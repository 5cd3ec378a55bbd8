package io.fer4j.cli;

import io.fer4j.data.Dataset;
import io.fer4j.predict.ImageModel;

/** Runs an image model over a dataset in batches. */
final class Predictions {
  private Predictions() {}

  static float[][] run(ImageModel m, Dataset d, int batchSize) {
    int per = d.sampleSize();
    float[][] out = new float[d.size()][];
    for (int from = 0; from < d.size(); from += batchSize) {
      int n = Math.min(batchSize, d.size() - from);
      float[] x = new float[n * per];
      for (int i = 0; i < n; i++) d.copyInput(from + i, x, i * per);
      float[][] p = m.predict(x, n);
      System.arraycopy(p, 0, out, from, n);
    }
    return out;
  }
}
