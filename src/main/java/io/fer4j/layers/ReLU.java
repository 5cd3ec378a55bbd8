package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras ReLU layer with its options, computed as Keras' {@code activations.relu}: values above
 * {@code threshold} pass (capped at {@code max_value} if set), values below are multiplied by
 * {@code negative_slope} after subtracting the threshold. A separate class from Activation("relu")
 * because Keras saves it under its own class name (and h5 group {@code re_lu}).
 */
public final class ReLU extends Layer {
  private final Float maxValue;
  private final float negativeSlope;
  private final float threshold;

  public ReLU(Float maxValue, float negativeSlope, float threshold) {
    super(null);
    if (maxValue != null && maxValue < 0) throw new Fer4jException("ReLU: max_value must be >= 0, got " + maxValue);
    if (threshold < 0) throw new Fer4jException("ReLU: threshold must be >= 0, got " + threshold);
    if (negativeSlope < 0) throw new Fer4jException("ReLU: negative_slope must be >= 0, got " + negativeSlope);
    this.maxValue = maxValue;
    this.negativeSlope = negativeSlope;
    this.threshold = threshold;
  }

  public ReLU() { this(null, 0f, 0f); }

  @Override public String className() { return "ReLU"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> pos = threshold != 0f
        ? tf.math.mul(x, tf.dtypes.cast(tf.math.greater(x, tf.constant(threshold)), TFloat32.class))
        : tf.nn.relu(x);
    if (maxValue != null) pos = tf.math.minimum(pos, tf.constant(maxValue));
    if (negativeSlope == 0f) return pos;
    Operand<TFloat32> neg = tf.nn.relu(tf.math.sub(tf.constant(threshold), x));
    return tf.math.sub(pos, tf.math.mul(tf.constant(negativeSlope), neg));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    if (maxValue == null) c.putNull("max_value");
    else c.put("max_value", (double) maxValue);
    c.put("negative_slope", (double) negativeSlope);
    c.put("threshold", (double) threshold);
  }
}
