package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Rescaling: x * scale + offset (e.g. 1/255 to take raw pixels). */
public final class Rescaling extends Layer {
  private final float scale;
  private final float offset;

  public Rescaling(double scale, double offset) {
    super(null);
    this.scale = (float) scale;
    this.offset = (float) offset;
  }

  public Rescaling(double scale) { this(scale, 0); }

  @Override public String className() { return "Rescaling"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ctx.tf().math.add(ctx.tf().math.mul(x, ctx.tf().constant(scale)), ctx.tf().constant(offset));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("scale", (double) scale);
    c.put("offset", (double) offset);
  }
}
