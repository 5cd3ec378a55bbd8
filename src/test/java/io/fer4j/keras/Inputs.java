package io.fer4j.keras;

import io.fer4j.model.Model;

import io.fer4j.model.Sequential;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Deterministic test inputs and helpers to compare predictions. */
final class Inputs {
  private Inputs() {}

  /** n samples of the given per-sample size: a smooth pattern plus a per-sample hash, in [0, 1]. */
  static float[] pattern(int n, int perSample) {
    float[] x = new float[n * perSample];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < perSample; i++) {
        long h = (i * 2654435761L + s * 97L) & 0xffff;
        x[s * perSample + i] = (float) (0.5 * (Math.sin(i * 0.05 + s) + 1) * 0.7 + 0.3 * h / 65535.0);
      }
    }
    return x;
  }

  static int perSample(Model m) {
    long p = 1;
    for (long d : m.inputShape()) p *= d;
    return (int) p;
  }

  static float[][] predict(Model m, int n) {
    return m.predict(pattern(n, perSample(m)), n);
  }

  /** Runs a SavedModel's serving_default on the same inputs; the input name is read from the signature. */
  static float[][] savedModel(Path dir, long[] sampleShape, int n) {
    try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
      SessionFunction f = b.function("serving_default");
      String in = f.signature().getInputs().keySet().iterator().next();
      String out = f.signature().getOutputs().keySet().iterator().next();
      long[] full = new long[sampleShape.length + 1];
      full[0] = n;
      System.arraycopy(sampleShape, 0, full, 1, sampleShape.length);
      long per = 1;
      for (long d : sampleShape) per *= d;
      float[] x = pattern(n, (int) per);
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(full), DataBuffers.of(x, true, false));
           Result r = f.call(Map.of(in, t))) {
        TFloat32 y = (TFloat32) r.get(out).orElseThrow();
        int k = (int) (y.shape().size() / n);
        float[] flat = new float[n * k];
        y.copyTo(DataBuffers.of(flat, false, false));
        float[][] rows = new float[n][k];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, rows[i], 0, k);
        return rows;
      }
    }
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    if (a.length != b.length) throw new AssertionError("row counts differ: " + a.length + " vs " + b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i].length != b[i].length) throw new AssertionError("row " + i + " lengths differ");
      for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
    }
    return m;
  }
}
