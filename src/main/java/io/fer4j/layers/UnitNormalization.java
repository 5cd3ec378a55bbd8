package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Keras UnitNormalization: scales each sample to unit L2 norm over {@code axis}, as Keras'
 * ops.normalize: {@code x * min(rsqrt(sum(x^2)), 1e12)}, so an all-zero vector stays zero.
 */
public final class UnitNormalization extends Layer {
  private final int[] axis;
  private int[] axes;

  public UnitNormalization(int... axis) {
    super(null);
    this.axis = axis.length == 0 ? new int[] {-1} : axis.clone();
  }

  @Override public String className() { return "UnitNormalization"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    axes = FeatureAxes.resolve(this, axis, in.length + 1);
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> sq = tf.sum(tf.math.square(x), tf.constant(axes), Sum.keepDims(true));
    return tf.math.mul(x, tf.math.minimum(tf.math.rsqrt(sq), tf.constant(1e12f)));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    if (axis.length == 1) {
      c.put("axis", axis[0]);
    } else {
      ArrayNode a = c.putArray("axis");
      for (int ax : axis) a.add(ax);
    }
  }
}
