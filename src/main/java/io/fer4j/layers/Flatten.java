package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Flatten (channels_last): row-major (H, W, C) order, as Keras always flattens. */
public final class Flatten extends Layer {
  public Flatten() { super(null); }

  @Override public String className() { return "Flatten"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    long n = 1;
    for (long d : in) n *= d;
    return new long[] {n};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ctx.tf().reshape(x, ctx.tf().constant(new long[] {-1, outputShape()[0]}));
  }

  @Override public void writeConfig(ObjectNode c) { c.put("data_format", "channels_last"); }
}
