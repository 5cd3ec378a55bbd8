package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras RandomContrast: in training each sample's channels are spread about their spatial mean,
 * {@code (x - mean) * c + mean}, c uniform in [1 - lower, 1 + upper], then clipped to
 * {@code value_range}. Keras reads one factor f as (0, f) — contrast only grows — and so does
 * this class. Identity at inference.
 */
public final class RandomContrast extends Layer {
  private final double[] factor;
  private final double[] valueRange;

  public RandomContrast(double[] factor, double[] valueRange) {
    super(null);
    for (double v : factor) if (!(v >= -1 && v <= 1)) throw new Fer4jException("RandomContrast: factor must be in [0, 1], got " + v);
    this.factor = RandomDraws.factor(factor, 0);
    if (valueRange.length != 2) throw new Fer4jException("RandomContrast: value_range must be a pair");
    this.valueRange = valueRange.clone();
  }

  public RandomContrast(double factor) { this(new double[] {factor}, new double[] {0, 255}); }

  @Override public String className() { return "RandomContrast"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (RandomContrast) needs a 3-D (H, W, C) input, got " + java.util.Arrays.toString(in));
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training()) return x;
    Ops tf = ctx.tf();
    Operand<TFloat32> c = RandomDraws.uniform(ctx, this, x, 4, 1 - factor[0], 1 + factor[1], 0);
    Operand<TFloat32> mean = tf.math.mean(tf.math.mean(x, tf.constant(1), Mean.keepDims(true)), tf.constant(2), Mean.keepDims(true));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x, mean), c), mean);
    return tf.clipByValue(y, tf.constant((float) valueRange[0]), tf.constant((float) valueRange[1]));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.putArray("factor").add(factor[0]).add(factor[1]);
    c.putArray("value_range").add(valueRange[0]).add(valueRange[1]);
    c.putNull("seed");
  }
}
