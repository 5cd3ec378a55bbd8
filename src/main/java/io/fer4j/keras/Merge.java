package io.fer4j.keras;

import io.fer4j.Fer4jException;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras merge layers of a functional model: Add, Subtract, Multiply, Average, Maximum, Minimum
 * (same shapes, no broadcasting) and Concatenate (along one axis). They hold no weights; Keras
 * still gives them a {@code layers/<snake_class>} group, which is ignored.
 */
record Merge(String className, int axis) {
  static final List<String> NAMES = List.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate");

  /** Output shape (batch excluded) for the input shapes (batch excluded). */
  long[] outputShape(String where, List<long[]> in) {
    if (in.size() < 2 || className.equals("Subtract") && in.size() != 2) throw new Fer4jException(where + ": " + className + " needs " + (className.equals("Subtract") ? "exactly 2" : "at least 2") + " inputs, got " + in.size());
    long[] first = in.get(0);
    if (!className.equals("Concatenate")) {
      for (long[] s : in) {
        if (!Arrays.equals(s, first)) throw new Fer4jException(where + ": " + className + " inputs must have equal shapes (no broadcasting), got " + Arrays.toString(first) + " and " + Arrays.toString(s));
      }
      return first.clone();
    }
    int ax = concatAxis(where, first.length);
    long[] out = first.clone();
    out[ax] = 0;
    for (long[] s : in) {
      if (s.length != first.length) throw new Fer4jException(where + ": Concatenate inputs have different ranks");
      for (int i = 0; i < s.length; i++) {
        if (i != ax && s[i] != first[i]) throw new Fer4jException(where + ": Concatenate inputs differ off the concatenation axis: " + Arrays.toString(first) + " vs " + Arrays.toString(s));
      }
      out[ax] += s[ax];
    }
    return out;
  }

  /** Keras' axis counts the batch dimension; returns the index in a shape without it. */
  private int concatAxis(String where, int rank) {
    int full = rank + 1;
    int a = axis < 0 ? axis + full : axis;
    if (a < 1 || a >= full) throw new Fer4jException(where + ": unsupported Concatenate axis=" + axis + " for inputs of rank " + full);
    return a - 1;
  }

  Operand<TFloat32> call(Ops tf, List<Operand<TFloat32>> xs, int rank) {
    Operand<TFloat32> y = xs.get(0);
    switch (className) {
      case "Concatenate":
        return tf.concat(xs, tf.constant(concatAxis("", rank) + 1));
      case "Subtract":
        return tf.math.sub(xs.get(0), xs.get(1));
      default:
        for (int i = 1; i < xs.size(); i++) {
          Operand<TFloat32> x = xs.get(i);
          y = switch (className) {
            case "Add", "Average" -> tf.math.add(y, x);
            case "Multiply" -> tf.math.mul(y, x);
            case "Maximum" -> tf.math.maximum(y, x);
            case "Minimum" -> tf.math.minimum(y, x);
            default -> throw new AssertionError(className);
          };
        }
        return className.equals("Average") ? tf.math.div(y, tf.constant((float) xs.size())) : y;
    }
  }
}
