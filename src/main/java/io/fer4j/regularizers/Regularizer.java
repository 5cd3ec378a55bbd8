package io.fer4j.regularizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A Keras weight or activity regularizer: a scalar penalty of a tensor that the model adds to
 * its loss (weights: once per step; activities: divided by the batch size, as Keras does).
 */
public interface Regularizer {
  /** The penalty of {@code x} as a float32 scalar. */
  Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> x);

  /** Keras' class name in configs ({@code L2}, ...). */
  String kerasClassName();

  /** Keras' {@code get_config} keys. */
  void writeConfig(ObjectNode c);

  /** {@code sum(|x|)} over all axes. */
  static Operand<TFloat32> sumAbs(Ops tf, Operand<TFloat32> x) { return tf.reduceSum(tf.math.abs(x), allAxes(tf, x)); }

  /** {@code sum(x^2)} over all axes. */
  static Operand<TFloat32> sumSquares(Ops tf, Operand<TFloat32> x) { return tf.reduceSum(tf.math.square(x), allAxes(tf, x)); }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }
}
