package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Minimum: takes the element-wise minimum of its inputs (a residual connection's merge). */
public final class Minimum extends Merge {
  @Override public String className() { return "Minimum"; }

  @Override
  protected Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b) {
    return ctx.tf().math.minimum(a, b);
  }
}
