package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RandomTranslation: in training shifts each sample by fractions of its height and width
 * drawn uniformly from {@code height_factor} and {@code width_factor} (positive: down and
 * right), filling the uncovered border by {@code fill_mode}; identity at inference.
 */
public final class RandomTranslation extends AffineAugmentation {
  private final double[] height;
  private final double[] width;

  public RandomTranslation(double[] height, double[] width) {
    this.height = checkedFactor("RandomTranslation", "height_factor", height);
    this.width = checkedFactor("RandomTranslation", "width_factor", width);
  }

  public RandomTranslation(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  @Override public String className() { return "RandomTranslation"; }

  @Override
  Operand<TFloat32> transforms(CallContext ctx, Operand<TFloat32> x, float h, float w) {
    Ops tf = ctx.tf();
    Operand<TFloat32> dy = tf.math.mul(RandomDraws.uniform(ctx, this, x, 2, height[0], height[1], 0), tf.constant(h));
    Operand<TFloat32> dx = tf.math.mul(RandomDraws.uniform(ctx, this, x, 2, width[0], width[1], 1), tf.constant(w));
    Operand<TFloat32> one = col(tf, dy, 1);
    Operand<TFloat32> z = col(tf, dy, 0);
    return rows(tf, List.of(one, z, tf.math.neg(dx), z, one, tf.math.neg(dy), z, z));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    putPair(c, "height_factor", height);
    putPair(c, "width_factor", width);
    writeFill(c);
  }
}
