package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Base of Keras' element-wise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum):
 * two or more inputs of the same rank, combined left to right. Dimensions must be equal or 1
 * (broadcast), as Keras' {@code _compute_elemwise_op_output_shape} allows. No weights.
 */
public abstract class Merge extends Layer {
  protected Merge() {
    super(null);
  }

  /** Combines two tensors (the running result and the next input). */
  protected abstract Operand<TFloat32> combine(CallContext ctx, Operand<TFloat32> a, Operand<TFloat32> b);

  /** Minimum number of inputs (Subtract takes exactly 2). */
  protected int minInputs() { return 2; }

  protected int maxInputs() { return Integer.MAX_VALUE; }

  @Override
  public final long[] computeOutputShape(long[] in) {
    throw new Fer4jException(className() + " '" + name() + "' merges several inputs: call apply(a, b, ...)");
  }

  @Override
  public long[] computeOutputShape(List<long[]> in) {
    if (in.size() < minInputs() || in.size() > maxInputs()) {
      String need = minInputs() == maxInputs() ? "exactly " + minInputs() : "at least " + minInputs();
      throw new Fer4jException(className() + " '" + name() + "' needs " + need + " inputs, got " + in.size());
    }
    long[] out = in.get(0).clone();
    for (long[] s : in) {
      if (s.length != out.length) throw new Fer4jException(className() + " '" + name() + "' inputs have different ranks: " + KerasTensor.shapes(in));
      for (int i = 0; i < s.length; i++) {
        if (s[i] == out[i] || s[i] == 1) continue;
        if (out[i] == 1) out[i] = s[i];
        else throw new Fer4jException(className() + " '" + name() + "' inputs have incompatible shapes " + Arrays.toString(out) + " and " + Arrays.toString(s));
      }
    }
    return out;
  }

  @Override
  public final Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    throw new Fer4jException(className() + " '" + name() + "' merges several inputs");
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    Operand<TFloat32> y = xs.get(0);
    for (int i = 1; i < xs.size(); i++) y = combine(ctx, y, xs.get(i));
    return y;
  }
}
