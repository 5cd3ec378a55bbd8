package io.fer4j.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Average: the element-wise mean of its inputs (sum, then divided by their count, as Keras). */
public final class Average extends Merge {
  @Override public String className() { return "Average"; }

  @Override
  protected Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b) {
    return ctx.tf().math.add(a, b);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    return ctx.tf().math.div(super.call(ctx, xs), ctx.tf().constant((float) xs.size()));
  }
}
