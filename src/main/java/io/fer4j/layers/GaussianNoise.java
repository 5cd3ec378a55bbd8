package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.types.TFloat32;

/** Keras GaussianNoise: adds N(0, stddev²) noise in training only (a regularizer); identity at inference. */
public final class GaussianNoise extends Layer {
  private final float stddev;

  public GaussianNoise(double stddev) {
    super(null);
    if (!(stddev >= 0 && stddev <= 1)) throw new Fer4jException("GaussianNoise: stddev must be in [0, 1] (as Keras), got " + stddev);
    this.stddev = (float) stddev;
  }

  @Override public String className() { return "GaussianNoise"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training() || stddev == 0f) return x;
    Ops tf = ctx.tf();
    long seed = ctx.seed() * 1_000_003L + name().hashCode();
    Operand<TFloat32> z = tf.random.randomStandardNormal(tf.shape(x), TFloat32.class,
        RandomStandardNormal.seed(seed), RandomStandardNormal.seed2((long) name().hashCode()));
    return tf.math.add(x, tf.math.mul(z, tf.constant(stddev)));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("stddev", (double) stddev);
    c.putNull("seed");
  }
}
