package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Subtract: subtracts the second input from the first (exactly two inputs) (a residual connection's merge). */
public final class Subtract extends Merge {
  @Override public String className() { return "Subtract"; }

  @Override protected int minInputs() { return 2; }
  @Override protected int maxInputs() { return 2; }

  @Override
  protected Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b) {
    return ctx.tf().math.sub(a, b);
  }
}
