package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras Dot for two vectors per sample (inputs (batch, n)): the dot product along axis 1, output
 * (batch, 1); {@code normalize} L2-normalizes both first (cosine similarity), with Keras'
 * epsilon 1e-12 on the squared norm. Higher-rank batched dots are refused.
 */
public final class Dot extends Layer {
  private final boolean normalize;

  public Dot() { this(false); }

  public Dot(boolean normalize) {
    super(null);
    this.normalize = normalize;
  }

  @Override public String className() { return "Dot"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    throw new Fer4jException("Dot '" + name() + "' takes two inputs: call apply(a, b)");
  }

  @Override
  public long[] computeOutputShape(List<long[]> in) {
    if (in.size() != 2) throw new Fer4jException("Dot '" + name() + "' needs exactly 2 inputs, got " + in.size());
    if (in.get(0).length != 1 || in.get(1).length != 1 || in.get(0)[0] != in.get(1)[0]) {
      throw new Fer4jException("Dot '" + name() + "': fer4j supports two vectors of equal length per sample, got " + KerasTensor.shapes(in));
    }
    return new long[] {1};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    throw new Fer4jException("Dot '" + name() + "' takes two inputs");
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> a = xs.get(0);
    Operand<TFloat32> b = xs.get(1);
    if (normalize) {
      a = tf.math.mul(a, tf.math.rsqrt(tf.math.maximum(tf.reduceSum(tf.math.square(a), tf.constant(-1), ReduceSum.keepDims(true)), tf.constant(1e-12f))));
      b = tf.math.mul(b, tf.math.rsqrt(tf.math.maximum(tf.reduceSum(tf.math.square(b), tf.constant(-1), ReduceSum.keepDims(true)), tf.constant(1e-12f))));
    }
    return tf.reduceSum(tf.math.mul(a, b), tf.constant(-1), ReduceSum.keepDims(true));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("axes", -1);
    c.put("normalize", normalize);
  }
}
