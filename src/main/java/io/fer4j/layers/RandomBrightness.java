package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RandomBrightness: in training adds to each sample one offset drawn uniformly from
 * {@code factor} x (value_range width) (one factor f means (-f, f)), then clips to
 * {@code value_range}; identity at inference.
 */
public final class RandomBrightness extends Layer {
  private final double[] factor;
  private final double[] valueRange;

  public RandomBrightness(double[] factor, double[] valueRange) {
    super(null);
    for (double v : factor) if (!(v >= -1 && v <= 1)) throw new Fer4jException("RandomBrightness: factor must be in [-1, 1], got " + v);
    this.factor = RandomDraws.factor(factor, -1);
    if (valueRange.length != 2) throw new Fer4jException("RandomBrightness: value_range must be a pair");
    this.valueRange = new double[] {Math.min(valueRange[0], valueRange[1]), Math.max(valueRange[0], valueRange[1])};
  }

  public RandomBrightness(double factor) { this(new double[] {factor}, new double[] {0, 255}); }

  @Override public String className() { return "RandomBrightness"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (RandomBrightness) needs a 3-D (H, W, C) input, got " + java.util.Arrays.toString(in));
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training()) return x;
    Ops tf = ctx.tf();
    double span = valueRange[1] - valueRange[0];
    Operand<TFloat32> delta = RandomDraws.uniform(ctx, this, x, 4, factor[0] * span, factor[1] * span, 0);
    return tf.clipByValue(tf.math.add(x, delta), tf.constant((float) valueRange[0]), tf.constant((float) valueRange[1]));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.putArray("factor").add(factor[0]).add(factor[1]);
    c.putArray("value_range").add(valueRange[0]).add(valueRange[1]);
    c.putNull("seed");
  }
}
