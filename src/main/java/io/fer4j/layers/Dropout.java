package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/** Keras Dropout: in training, zeroes each unit with probability {@code rate} and scales the rest by 1/(1-rate); identity at inference. */
public final class Dropout extends Layer {
  private final float rate;

  public Dropout(double rate) {
    super(null);
    if (!(rate >= 0 && rate < 1)) throw new Fer4jException("Dropout: rate must be in [0, 1), got " + rate);
    this.rate = (float) rate;
  }

  public float rate() { return rate; }

  @Override public String className() { return "Dropout"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training() || rate == 0f) return x;
    Ops tf = ctx.tf();
    long seed = ctx.seed() * 1_000_003L + name().hashCode();
    Operand<TFloat32> u = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(seed), RandomUniform.seed2((long) name().hashCode()));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("rate", (double) rate);
    c.putNull("seed");
    c.putNull("noise_shape");
  }
}
