package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Multiply: multiplies its inputs element-wise (a residual connection's merge). */
public final class Multiply extends Merge {
  @Override public String className() { return "Multiply"; }

  @Override
  protected Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b) {
    return ctx.tf().math.mul(a, b);
  }
}
