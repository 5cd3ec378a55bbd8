package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.types.TFloat32;

/**
 * Keras GaussianDropout: in training multiplies by N(1, rate / (1 - rate)) noise (mean-preserving
 * multiplicative dropout); identity at inference.
 */
public final class GaussianDropout extends Layer {
  private final float rate;

  public GaussianDropout(double rate) {
    super(null);
    if (!(rate >= 0 && rate < 1)) throw new Fer4jException("GaussianDropout: rate must be in [0, 1), got " + rate);
    this.rate = (float) rate;
  }

  @Override public String className() { return "GaussianDropout"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training() || rate == 0f) return x;
    Ops tf = ctx.tf();
    long seed = ctx.seed() * 1_000_003L + name().hashCode();
    Operand<TFloat32> z = tf.random.randomStandardNormal(tf.shape(x), TFloat32.class,
        RandomStandardNormal.seed(seed), RandomStandardNormal.seed2((long) name().hashCode()));
    float sd = (float) Math.sqrt(rate / (1.0 - rate));
    return tf.math.mul(x, tf.math.add(tf.constant(1f), tf.math.mul(z, tf.constant(sd))));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("rate", (double) rate);
    c.putNull("seed");
  }
}
