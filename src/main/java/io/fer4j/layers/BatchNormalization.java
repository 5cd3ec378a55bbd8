package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras BatchNormalization over the last axis. Training: batch statistics, and the moving
 * averages move by {@code momentum} using the <em>biased</em> batch variance, as Keras does
 * (FusedBatchNormV3 reports the unbiased one, so it is scaled by (n-1)/n here). Inference, or a
 * frozen layer: y = gamma (x - moving_mean) / sqrt(moving_variance + epsilon) + beta.
 */
public final class BatchNormalization extends Layer {
  private float momentum = 0.99f;
  private float epsilon = 1e-3f;
  private boolean center = true;
  private boolean scale = true;
  private Weight gamma;
  private Weight beta;
  private Weight movingMean;
  private Weight movingVariance;

  public BatchNormalization() {
    super(null);
  }

  public BatchNormalization momentum(float m) { this.momentum = m; return this; }
  public BatchNormalization epsilon(float e) { this.epsilon = e; return this; }
  public BatchNormalization center(boolean c) { this.center = c; return this; }
  public BatchNormalization scale(boolean s) { this.scale = s; return this; }
  public float momentum() { return momentum; }
  public float epsilon() { return epsilon; }

  @Override public String className() { return "BatchNormalization"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 1 && in.length != 3) throw new Fer4jException(name() + " (BatchNormalization) supports (C) or (H, W, C) inputs, got " + java.util.Arrays.toString(in));
    return in.clone();
  }

  @Override
  protected void build(long[] in) {
    long[] c = {in[in.length - 1]};
    if (scale) gamma = addWeight("gamma", c, true, Initializer.ONES);
    if (center) beta = addWeight("beta", c, true, Initializer.ZEROS);
    movingMean = addWeight("moving_mean", c, false, Initializer.ZEROS);
    movingVariance = addWeight("moving_variance", c, false, Initializer.ONES);
  }

  private Operand<TFloat32> gammaOf(CallContext ctx, long channels) {
    return scale ? ctx.variable(gamma) : ctx.tf().fill(ctx.tf().constant(new long[] {channels}), ctx.tf().constant(1f));
  }

  private Operand<TFloat32> betaOf(CallContext ctx, long channels) {
    return center ? ctx.variable(beta) : ctx.tf().fill(ctx.tf().constant(new long[] {channels}), ctx.tf().constant(0f));
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] in = inputShape();
    long channels = in[in.length - 1];
    boolean flat = in.length == 1;
    Operand<TFloat32> x4 = flat ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels})) : x;
    Operand<TFloat32> y;
    if (ctx.training() && isTrainable()) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x4, gammaOf(ctx, channels), betaOf(ctx, channels),
          empty, empty, FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(true));
      y = bn.y();
      // n = elements per channel; the op's batch_variance is unbiased (x n/(n-1)): undo it.
      Operand<TFloat32> n = tf.dtypes.cast(tf.math.div(tf.size(x4), tf.constant((int) channels)), TFloat32.class);
      Operand<TFloat32> biasedVar = tf.math.mul(bn.batchVariance(), tf.math.div(tf.math.sub(n, tf.constant(1f)), n));
      Operand<TFloat32> keep = tf.constant(momentum);
      Operand<TFloat32> mix = tf.constant(1f - momentum);
      Operand<TFloat32> mm = ctx.variable(movingMean);
      Operand<TFloat32> mv = ctx.variable(movingVariance);
      ctx.addUpdate(tf.assign(mm, tf.math.add(tf.math.mul(mm, keep), tf.math.mul(bn.batchMean(), mix))));
      ctx.addUpdate(tf.assign(mv, tf.math.add(tf.math.mul(mv, keep), tf.math.mul(biasedVar, mix))));
    } else {
      // Keras' inference formula, spelled out so it matches tf.nn.batch_normalization.
      Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(ctx.variable(movingVariance), tf.constant(epsilon)));
      if (scale) inv = tf.math.mul(inv, ctx.variable(gamma));
      Operand<TFloat32> shift = tf.math.mul(ctx.variable(movingMean), inv);
      shift = center ? tf.math.sub(ctx.variable(beta), shift) : tf.math.neg(shift);
      y = tf.math.add(tf.math.mul(x4, inv), shift);
    }
    return flat ? tf.reshape(y, tf.constant(new long[] {-1, channels})) : y;
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("axis", -1);
    c.put("momentum", (double) momentum);
    c.put("epsilon", (double) epsilon);
    c.put("center", center);
    c.put("scale", scale);
  }
}
