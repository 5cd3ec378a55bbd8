package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras Reshape: row-major reshape of each sample to {@code target_shape}; one dimension may be
 * -1 and is inferred, as in Keras.
 */
public final class Reshape extends Layer {
  private final long[] target;

  public Reshape(long... target) {
    super(null);
    this.target = target.clone();
    int unknown = 0;
    for (long d : target) {
      if (d == -1) unknown++;
      else if (d <= 0) throw new Fer4jException("Reshape: bad target_shape " + Arrays.toString(target));
    }
    if (unknown > 1) throw new Fer4jException("Reshape: at most one -1 in target_shape " + Arrays.toString(target));
  }

  @Override public String className() { return "Reshape"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    long total = 1;
    for (long d : in) total *= d;
    long known = 1;
    int at = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) at = i;
      else known *= target[i];
    }
    long[] out = target.clone();
    if (at >= 0) {
      if (total % known != 0) throw new Fer4jException(name() + " (Reshape): cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
      out[at] = total / known;
    }
    long n = 1;
    for (long d : out) n *= d;
    if (n != total) throw new Fer4jException(name() + " (Reshape): cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
    return out;
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    long[] out = outputShape();
    long[] full = new long[out.length + 1];
    full[0] = -1;
    System.arraycopy(out, 0, full, 1, out.length);
    return ctx.tf().reshape(x, ctx.tf().constant(full));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    var a = c.putArray("target_shape");
    for (long d : target) a.add(d);
  }
}
