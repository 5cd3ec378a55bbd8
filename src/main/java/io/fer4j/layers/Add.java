package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Add: sums its inputs (a residual connection's merge). */
public final class Add extends Merge {
  @Override public String className() { return "Add"; }

  @Override
  protected Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b) {
    return ctx.tf().math.add(a, b);
  }
}
