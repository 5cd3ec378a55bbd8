package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Maximum: takes the element-wise maximum of its inputs (a residual connection's merge). */
public final class Maximum extends Merge {
  @Override public String className() { return "Maximum"; }

  @Override
  protected Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b) {
    return ctx.tf().math.maximum(a, b);
  }
}
