package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RandomRotation: in training rotates each sample about the image centre by an angle drawn
 * uniformly from {@code factor} x 360 degrees (factor f alone means (-f, f)); fill_mode
 * "reflect" and bilinear interpolation by default; identity at inference.
 */
public final class RandomRotation extends AffineAugmentation {
  private final double[] factor;

  public RandomRotation(double... factor) {
    this.factor = checkedFactor("RandomRotation", "factor", factor);
  }

  @Override public String className() { return "RandomRotation"; }

  @Override
  Operand<TFloat32> transforms(CallContext ctx, Operand<TFloat32> x, float h, float w) {
    Ops tf = ctx.tf();
    Operand<TFloat32> deg = RandomDraws.uniform(ctx, this, x, 2, factor[0] * 360, factor[1] * 360, 0);
    Operand<TFloat32> rad = tf.math.mul(deg, tf.constant((float) (Math.PI / 180)));
    Operand<TFloat32> cos = tf.math.cos(rad);
    Operand<TFloat32> sin = tf.math.sin(rad);
    float cx = 0.5f * (w - 1);
    float cy = 0.5f * (h - 1);
    // Keras' _compute_affine_matrix with scale 1, no shear, no translation
    Operand<TFloat32> a2 = tf.math.sub(tf.math.sub(tf.constant(cx), tf.math.mul(tf.constant(cx), cos)), tf.math.mul(tf.constant(cy), tf.math.neg(sin)));
    Operand<TFloat32> b2 = tf.math.sub(tf.math.sub(tf.constant(cy), tf.math.mul(tf.constant(cx), sin)), tf.math.mul(tf.constant(cy), cos));
    return rows(tf, List.of(cos, tf.math.neg(sin), a2, sin, cos, b2, col(tf, cos, 0), col(tf, cos, 0)));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    putPair(c, "factor", factor);
    writeFill(c);
  }
}
