package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Keras SpatialDropout2D (channels_last): in training drops whole feature maps (one mask value
 * per sample and channel, noise shape (N, 1, 1, C)) and scales the rest by 1/(1-rate); identity
 * at inference. Neighbouring pixels are correlated, so dropping single units regularizes little.
 */
public final class SpatialDropout2D extends Layer {
  private final float rate;

  public SpatialDropout2D(double rate) {
    super(null);
    if (!(rate >= 0 && rate < 1)) throw new Fer4jException("SpatialDropout2D: rate must be in [0, 1), got " + rate);
    this.rate = (float) rate;
  }

  @Override public String className() { return "SpatialDropout2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (SpatialDropout2D) needs a 3-D input, got " + java.util.Arrays.toString(in));
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training() || rate == 0f) return x;
    Ops tf = ctx.tf();
    Operand<org.tensorflow.types.TInt32> shape = tf.stack(java.util.List.of(
        tf.squeeze(tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}))),
        tf.constant(1), tf.constant(1), tf.constant((int) inputShape()[2])));
    long seed = ctx.seed() * 1_000_003L + name().hashCode();
    Operand<TFloat32> u = tf.random.randomUniform(shape, TFloat32.class, RandomUniform.seed(seed), RandomUniform.seed2((long) name().hashCode()));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("rate", (double) rate);
    c.putNull("seed");
    c.put("data_format", "channels_last");
  }
}
