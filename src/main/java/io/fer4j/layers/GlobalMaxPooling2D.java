package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;

/** Keras GlobalMaxPooling2D: maximum over height and width, (H, W, C) → (C), or (1, 1, C) with {@code keepdims}. */
public final class GlobalMaxPooling2D extends Layer {
  private final boolean keepdims;

  public GlobalMaxPooling2D() { this(false); }

  public GlobalMaxPooling2D(boolean keepdims) {
    super(null);
    this.keepdims = keepdims;
  }

  @Override public String className() { return "GlobalMaxPooling2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (GlobalMaxPooling2D) needs a 3-D input, got " + java.util.Arrays.toString(in));
    return keepdims ? new long[] {1, 1, in[2]} : new long[] {in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ctx.tf().max(x, ctx.tf().constant(new int[] {1, 2}), Max.keepDims(keepdims));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.put("keepdims", keepdims);
  }
}
