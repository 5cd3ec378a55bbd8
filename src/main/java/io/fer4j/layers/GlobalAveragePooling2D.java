package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras GlobalAveragePooling2D: mean over height and width, (H, W, C) → (C), or (1, 1, C) with
 * {@code keepdims} (MobileNet and MobileNetV3 pool that way before their 1x1 convolution heads).
 */
public final class GlobalAveragePooling2D extends Layer {
  private final boolean keepdims;

  public GlobalAveragePooling2D() { this(false); }

  public GlobalAveragePooling2D(boolean keepdims) {
    super(null);
    this.keepdims = keepdims;
  }

  @Override public String className() { return "GlobalAveragePooling2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (GlobalAveragePooling2D) needs a 3-D input, got " + java.util.Arrays.toString(in));
    return keepdims ? new long[] {1, 1, in[2]} : new long[] {in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ctx.tf().math.mean(x, ctx.tf().constant(new int[] {1, 2}), Mean.keepDims(keepdims));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.put("keepdims", keepdims);
  }
}
