package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Per-sample random numbers for the augmentation layers: a fresh draw each training step, seeded
 * from the model seed and the layer name (as Dropout), so runs are reproducible.
 */
final class RandomDraws {
  private RandomDraws() {}

  /** Uniform [lo, hi) of shape (batch, 1, ..., 1) with {@code rank} dimensions; {@code salt} separates draws of one layer. */
  static Operand<TFloat32> uniform(CallContext ctx, Layer l, Operand<TFloat32> x, int rank, double lo, double hi, int salt) {
    Ops tf = ctx.tf();
    Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    int[] ones = new int[rank - 1];
    java.util.Arrays.fill(ones, 1);
    Operand<TInt32> shape = tf.concat(java.util.List.of(batch, tf.constant(ones)), tf.constant(0));
    long seed = ctx.seed() * 1_000_003L + l.name().hashCode();
    Operand<TFloat32> u = tf.random.randomUniform(shape, TFloat32.class, RandomUniform.seed(seed), RandomUniform.seed2((long) l.name().hashCode() * 31 + salt));
    return tf.math.add(tf.math.mul(u, tf.constant((float) (hi - lo))), tf.constant((float) lo));
  }

  /** Keras' factor rule for one number f: (max(-f, lowest), f); a pair is sorted. */
  static double[] factor(double[] f, double lowest) {
    if (f.length == 1) return new double[] {Math.max(-Math.abs(f[0]), lowest), Math.abs(f[0])};
    return new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
  }
}
