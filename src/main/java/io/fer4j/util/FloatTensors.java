package io.fer4j.util;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The one place that copies float tensors between TF's native memory and Java arrays. */
public final class FloatTensors {
  private FloatTensors() {}

  /** A new native tensor holding {@code data} with this shape; the caller closes it. */
  public static TFloat32 of(float[] data, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  /** All values of a tensor, row-major. */
  public static float[] floats(TFloat32 t) {
    float[] a = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(a, false, false));
    return a;
  }

  /** A (n, ...) tensor as n rows of its remaining values. */
  public static float[][] rows(TFloat32 t) {
    int n = (int) t.shape().get(0);
    float[] flat = floats(t);
    int k = n == 0 ? 0 : flat.length / n;
    float[][] rows = new float[n][k];
    for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, rows[i], 0, k);
    return rows;
  }
}
