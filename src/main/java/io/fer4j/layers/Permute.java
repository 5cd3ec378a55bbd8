package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Permute: reorders the feature axes; {@code dims} is a permutation of 1..rank (the batch axis stays first). */
public final class Permute extends Layer {
  private final int[] dims;

  public Permute(int... dims) {
    super(null);
    int[] s = dims.clone();
    Arrays.sort(s);
    for (int i = 0; i < s.length; i++) if (s[i] != i + 1) throw new Fer4jException("Permute: dims must be a permutation of 1.." + dims.length + ", got " + Arrays.toString(dims));
    this.dims = dims.clone();
  }

  @Override public String className() { return "Permute"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != dims.length) throw new Fer4jException(name() + " (Permute): dims " + Arrays.toString(dims) + " do not fit input " + Arrays.toString(in));
    long[] out = new long[in.length];
    for (int i = 0; i < dims.length; i++) out[i] = in[dims[i] - 1];
    return out;
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    int[] perm = new int[dims.length + 1];
    System.arraycopy(dims, 0, perm, 1, dims.length);
    return ctx.tf().linalg.transpose(x, ctx.tf().constant(perm));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    ArrayNode a = c.putArray("dims");
    for (int d : dims) a.add(d);
  }
}
