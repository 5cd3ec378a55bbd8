package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras GroupNormalization over the last (channel) axis: the channels are split into
 * {@code groups} consecutive groups (-1: one per channel, i.e. instance normalization) and each
 * sample is normalized per group over all its other axes; then per-channel gamma and beta.
 * Batch-size independent, so it behaves the same in training. Epsilon 1e-3 as in Keras.
 */
public final class GroupNormalization extends Layer {
  private final int groupsArg;
  private int groups;
  private float epsilon = 1e-3f;
  private boolean center = true;
  private boolean scale = true;
  private Weight gamma;
  private Weight beta;

  public GroupNormalization(int groups) {
    super(null);
    if (groups <= 0 && groups != -1) throw new Fer4jException("GroupNormalization: groups must be positive or -1, got " + groups);
    this.groupsArg = groups;
  }

  public GroupNormalization() { this(32); }

  public GroupNormalization epsilon(double e) { this.epsilon = (float) e; return this; }
  public GroupNormalization center(boolean c) { this.center = c; return this; }
  public GroupNormalization scale(boolean s) { this.scale = s; return this; }

  @Override public String className() { return "GroupNormalization"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length < 1) throw new Fer4jException(name() + " (GroupNormalization) needs at least a rank-2 input");
    long c = in[in.length - 1];
    groups = groupsArg == -1 ? (int) c : groupsArg;
    if (c < groups || c % groups != 0) throw new Fer4jException(name() + " (GroupNormalization): " + c + " channels cannot be split into " + groups + " groups");
    return in.clone();
  }

  @Override
  protected void build(long[] in) {
    long[] c = {in[in.length - 1]};
    if (scale) gamma = addWeight("gamma", c, true, Initializer.ONES);
    if (center) beta = addWeight("beta", c, true, Initializer.ZEROS);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] in = inputShape();
    long c = in[in.length - 1];
    // (N, ..., C) -> (N, ..., G, C/G); reduce over every axis but the batch and the group axis
    long[] grouped = new long[in.length + 2];
    grouped[0] = -1;
    System.arraycopy(in, 0, grouped, 1, in.length - 1);
    grouped[in.length] = groups;
    grouped[in.length + 1] = c / groups;
    int[] axes = new int[in.length];
    for (int i = 0, k = 0; i < grouped.length; i++) if (i != 0 && i != in.length) axes[k++] = i;
    long[] b = new long[grouped.length];
    java.util.Arrays.fill(b, 1);
    b[in.length] = groups;
    b[in.length + 1] = c / groups;
    Operand<TFloat32> g = scale ? tf.reshape(ctx.variable(gamma), tf.constant(b)) : null;
    Operand<TFloat32> be = center ? tf.reshape(ctx.variable(beta), tf.constant(b)) : null;
    Operand<TFloat32> y = Moments.normalize(tf, tf.reshape(x, tf.constant(grouped)), axes, g, be, epsilon);
    return tf.reshape(y, tf.shape(x));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("groups", groupsArg);
    c.put("axis", -1);
    c.put("epsilon", (double) epsilon);
    c.put("center", center);
    c.put("scale", scale);
  }
}
