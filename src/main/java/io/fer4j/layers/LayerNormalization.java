package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras LayerNormalization: each sample is normalized over {@code axis} (Keras numbering, batch
 * axis 0; default -1) with its own mean and variance, then scaled by {@code gamma} and shifted by
 * {@code beta} (weights of the size of those axes, in that order). Epsilon defaults to 1e-3 as in
 * Keras (ConvNeXt passes 1e-6). Unlike BatchNormalization it acts the same in training.
 */
public final class LayerNormalization extends Layer {
  private final int[] axis;
  private float epsilon = 1e-3f;
  private boolean center = true;
  private boolean scale = true;
  private int[] axes; // sorted, batch-first numbering
  private Weight gamma;
  private Weight beta;

  public LayerNormalization(int... axis) {
    super(null);
    this.axis = axis.length == 0 ? new int[] {-1} : axis.clone();
  }

  public LayerNormalization epsilon(double e) { this.epsilon = (float) e; return this; }
  public LayerNormalization center(boolean c) { this.center = c; return this; }
  public LayerNormalization scale(boolean s) { this.scale = s; return this; }

  @Override public String className() { return "LayerNormalization"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    axes = FeatureAxes.resolve(this, axis, in.length + 1);
    return in.clone();
  }

  @Override
  protected void build(long[] in) {
    long[] s = FeatureAxes.sizes(axes, in);
    if (scale) gamma = addWeight("gamma", s, true, Initializer.ONES);
    if (center) beta = addWeight("beta", s, true, Initializer.ZEROS);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] b = FeatureAxes.broadcastShape(axes, inputShape());
    Operand<TFloat32> g = scale ? tf.reshape(ctx.variable(gamma), tf.constant(b)) : null;
    Operand<TFloat32> be = center ? tf.reshape(ctx.variable(beta), tf.constant(b)) : null;
    return Moments.normalize(tf, x, axes, g, be, epsilon);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    ArrayNode a = c.putArray("axis");
    for (int ax : axis) a.add(ax);
    c.put("epsilon", (double) epsilon);
    c.put("center", center);
    c.put("scale", scale);
  }
}
