package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras Concatenate: joins two or more inputs along {@code axis} (Keras counts the batch
 * dimension, default -1); every other dimension must agree.
 */
public final class Concatenate extends Layer {
  private final int axis;

  public Concatenate() { this(-1); }

  public Concatenate(int axis) {
    super(null);
    this.axis = axis;
  }

  public int axis() { return axis; }

  @Override public String className() { return "Concatenate"; }

  /** The axis as an index into a per-sample shape of this rank (batch excluded). */
  private int sampleAxis(int rank) {
    int full = rank + 1;
    int a = axis < 0 ? axis + full : axis;
    if (a < 1 || a >= full) throw new Fer4jException("Concatenate '" + name() + "': axis=" + axis + " is not a non-batch axis of inputs of rank " + full);
    return a - 1;
  }

  @Override
  public long[] computeOutputShape(long[] in) {
    throw new Fer4jException("Concatenate '" + name() + "' joins several inputs: call apply(a, b, ...)");
  }

  @Override
  public long[] computeOutputShape(List<long[]> in) {
    if (in.size() < 2) throw new Fer4jException("Concatenate '" + name() + "' needs at least 2 inputs, got " + in.size());
    long[] first = in.get(0);
    int ax = sampleAxis(first.length);
    long[] out = first.clone();
    out[ax] = 0;
    for (long[] s : in) {
      if (s.length != first.length) throw new Fer4jException("Concatenate '" + name() + "' inputs have different ranks: " + KerasTensor.shapes(in));
      for (int i = 0; i < s.length; i++) {
        if (i != ax && s[i] != first[i]) throw new Fer4jException("Concatenate '" + name() + "' inputs differ off the concatenation axis: " + Arrays.toString(first) + " vs " + Arrays.toString(s));
      }
      out[ax] += s[ax];
    }
    return out;
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    throw new Fer4jException("Concatenate '" + name() + "' joins several inputs");
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    return ctx.tf().concat(xs, ctx.tf().constant(sampleAxis(inputShape().length) + 1));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("axis", axis);
  }
}
