package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Keras Softmax layer over {@code axis} (Keras numbering; default -1). One axis: tf.nn.softmax
 * (moved to the last position and back); several: {@code exp(x - logsumexp(x, axes))} as Keras.
 * Ending a model, the softmax over the last axis is folded into the loss as Keras does.
 */
public final class Softmax extends Layer implements SoftmaxOutput {
  private final int[] axis;
  private int[] axes;

  public Softmax(int... axis) {
    super(null);
    this.axis = axis.length == 0 ? new int[] {-1} : axis.clone();
  }

  @Override public String className() { return "Softmax"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    axes = FeatureAxes.resolve(this, axis, in.length + 1);
    return in.clone();
  }

  private boolean lastAxisOnly() { return axes.length == 1 && axes[0] == inputShape().length; }

  @Override public boolean endsInSoftmax() { return lastAxisOnly(); }
  @Override public Operand<TFloat32> callLogits(CallContext ctx, Operand<TFloat32> x) { return x; }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    int rank = inputShape().length + 1;
    if (lastAxisOnly()) return tf.nn.softmax(x);
    if (axes.length == 1) {
      int[] perm = new int[rank];
      for (int i = 0; i < rank; i++) perm[i] = i;
      perm[axes[0]] = rank - 1;
      perm[rank - 1] = axes[0];
      Operand<org.tensorflow.types.TInt32> p = tf.constant(perm);
      return tf.linalg.transpose(tf.nn.softmax(tf.linalg.transpose(x, p)), p);
    }
    // logsumexp as tf.math.reduce_logsumexp: the (finite) max is subtracted first
    Operand<org.tensorflow.types.TInt32> ax = tf.constant(axes);
    Operand<TFloat32> raw = tf.max(x, ax, Max.keepDims(true));
    Operand<TFloat32> m = tf.stopGradient(tf.select(tf.math.isFinite(raw), raw, tf.zerosLike(raw)));
    Operand<TFloat32> lse = tf.math.add(tf.math.log(tf.sum(tf.math.exp(tf.math.sub(x, m)), ax, Sum.keepDims(true))), m);
    return tf.math.exp(tf.math.sub(x, lse));
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
