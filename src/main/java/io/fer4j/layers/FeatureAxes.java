package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.Arrays;

/** Keras axis arguments (batch axis 0, negatives from the end) resolved against an input rank. */
final class FeatureAxes {
  private FeatureAxes() {}

  /** Sorted batch-first axes; the batch axis itself is refused (fer4j layers see one sample's shape). */
  static int[] resolve(Layer l, int[] axis, int rank) {
    int[] r = new int[axis.length];
    for (int i = 0; i < axis.length; i++) {
      int a = axis[i] < 0 ? axis[i] + rank : axis[i];
      if (a < 1 || a >= rank) throw new Fer4jException(l.name() + " (" + l.className() + "): axis " + axis[i] + " is not a feature axis of a rank-" + rank + " input");
      r[i] = a;
    }
    Arrays.sort(r);
    for (int i = 1; i < r.length; i++) if (r[i] == r[i - 1]) throw new Fer4jException(l.name() + " (" + l.className() + "): repeated axis " + Arrays.toString(axis));
    return r;
  }

  /** Sizes of those axes in an input shape without the batch dimension. */
  static long[] sizes(int[] axes, long[] in) {
    long[] s = new long[axes.length];
    for (int i = 0; i < axes.length; i++) s[i] = in[axes[i] - 1];
    return s;
  }

  /** A batch-first shape with the sizes at those axes and 1 elsewhere. */
  static long[] broadcastShape(int[] axes, long[] in) {
    long[] b = new long[in.length + 1];
    Arrays.fill(b, 1);
    for (int a : axes) b[a] = in[a - 1];
    return b;
  }
}
