package io.fer4j.constraints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * A Keras weight constraint: a projection the optimizer assigns to a variable after each update
 * (Keras' {@code BaseOptimizer.apply}: {@code variable.assign(variable.constraint(variable))}).
 */
public interface Constraint {
  Operand<TFloat32> project(Ops tf, Operand<TFloat32> w);

  String kerasClassName();

  void writeConfig(ObjectNode c);

  /** {@code sqrt(sum(w^2, axis, keepdims))} with Keras' negative-axis convention. */
  static Operand<TFloat32> norms(Ops tf, Operand<TFloat32> w, int[] axes) {
    int rank = w.shape().numDimensions();
    int[] a = new int[axes.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a[i] < 0 || a[i] >= rank) throw new io.fer4j.Fer4jException("constraint axis " + axes[i] + " is out of range for a rank-" + rank + " weight");
    }
    return tf.math.sqrt(tf.reduceSum(tf.math.square(w), tf.constant(a), ReduceSum.keepDims(true)));
  }

  /** Keras writes an axis as an int or a list. */
  static void putAxis(ObjectNode c, int[] axis) {
    if (axis.length == 1) c.put("axis", axis[0]);
    else {
      var arr = c.putArray("axis");
      for (int a : axis) arr.add(a);
    }
  }

  /** Keras' backend.epsilon(). */
  float EPSILON = 1e-7f;
}
