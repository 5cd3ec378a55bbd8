package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RandomZoom: in training scales each sample about its centre; the sampling step is
 * 1 + u with u uniform in {@code height_factor} (and {@code width_factor}, or the same draw when
 * that is null), so positive factors zoom out and negative ones zoom in, as in Keras.
 */
public final class RandomZoom extends AffineAugmentation {
  private final double[] height;
  private final double[] width;

  /** @param width null: the width zooms with the height's draw */
  public RandomZoom(double[] height, double[] width) {
    this.height = checkedFactor("RandomZoom", "height_factor", height);
    this.width = width == null ? null : checkedFactor("RandomZoom", "width_factor", width);
  }

  public RandomZoom(double heightFactor) { this(new double[] {heightFactor}, null); }

  @Override public String className() { return "RandomZoom"; }

  @Override
  Operand<TFloat32> transforms(CallContext ctx, Operand<TFloat32> x, float h, float w) {
    Ops tf = ctx.tf();
    Operand<TFloat32> zy = RandomDraws.uniform(ctx, this, x, 2, 1 + height[0], 1 + height[1], 0);
    Operand<TFloat32> zx = width == null ? zy : RandomDraws.uniform(ctx, this, x, 2, 1 + width[0], 1 + width[1], 1);
    Operand<TFloat32> xo = tf.math.mul(tf.constant((w - 1f) / 2f), tf.math.sub(tf.constant(1f), zx));
    Operand<TFloat32> yo = tf.math.mul(tf.constant((h - 1f) / 2f), tf.math.sub(tf.constant(1f), zy));
    Operand<TFloat32> z = col(tf, zy, 0);
    return rows(tf, List.of(zx, z, xo, z, zy, yo, z, z));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    putPair(c, "height_factor", height);
    if (width == null) c.putNull("width_factor");
    else putPair(c, "width_factor", width);
    writeFill(c);
  }
}
