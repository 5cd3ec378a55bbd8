package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * The normalization arithmetic Keras' layer and group normalizations share, in Keras' order of
 * operations: tf.nn.moments (variance = mean of squared differences from the mean), then
 * {@code x * inv + (beta - mean * inv)} with {@code inv = rsqrt(variance + epsilon) * gamma}.
 */
final class Moments {
  private Moments() {}

  /** @param gamma null for scale=False; @param beta null for center=False; both already broadcastable. */
  static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> x, int[] axes, Operand<TFloat32> gamma, Operand<TFloat32> beta, float epsilon) {
    Operand<org.tensorflow.types.TInt32> ax = tf.constant(axes);
    Operand<TFloat32> mean = tf.math.mean(x, ax, Mean.keepDims(true));
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), ax, Mean.keepDims(true));
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon)));
    if (gamma != null) inv = tf.math.mul(inv, gamma);
    Operand<TFloat32> res = tf.math.mul(tf.math.neg(mean), inv);
    if (beta != null) res = tf.math.add(res, beta);
    return tf.math.add(tf.math.mul(x, inv), res);
  }
}
