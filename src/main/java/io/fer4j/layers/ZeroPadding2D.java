package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras ZeroPadding2D (channels_last): adds zero rows (top, bottom) and columns (left, right)
 * around each feature map, e.g. before a "valid" convolution in MobileNet-style stems.
 */
public final class ZeroPadding2D extends Layer {
  private final int top;
  private final int bottom;
  private final int left;
  private final int right;

  public ZeroPadding2D(int top, int bottom, int left, int right) {
    super(null);
    if (top < 0 || bottom < 0 || left < 0 || right < 0) throw new Fer4jException("ZeroPadding2D: padding must be >= 0");
    this.top = top;
    this.bottom = bottom;
    this.left = left;
    this.right = right;
  }

  @Override public String className() { return "ZeroPadding2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (ZeroPadding2D) needs a 3-D input, got " + java.util.Arrays.toString(in));
    return new long[] {in[0] + top + bottom, in[1] + left + right, in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    var tf = ctx.tf();
    return tf.pad(x, tf.constant(new int[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}}), tf.constant(0f));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    var p = c.putArray("padding");
    p.addArray().add(top).add(bottom);
    p.addArray().add(left).add(right);
    c.put("data_format", "channels_last");
  }
}
