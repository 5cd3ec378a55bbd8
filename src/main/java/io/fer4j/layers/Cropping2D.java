package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Cropping2D (channels_last): removes rows (top, bottom) and columns (left, right) from each feature map. */
public final class Cropping2D extends Layer {
  private final int top;
  private final int bottom;
  private final int left;
  private final int right;

  public Cropping2D(int top, int bottom, int left, int right) {
    super(null);
    if (top < 0 || bottom < 0 || left < 0 || right < 0) throw new Fer4jException("Cropping2D: cropping must be >= 0");
    this.top = top;
    this.bottom = bottom;
    this.left = left;
    this.right = right;
  }

  @Override public String className() { return "Cropping2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (Cropping2D) needs a 3-D input, got " + java.util.Arrays.toString(in));
    if (top + bottom >= in[0] || left + right >= in[1]) throw new Fer4jException(name() + " (Cropping2D): cropping leaves nothing of " + java.util.Arrays.toString(in));
    return new long[] {in[0] - top - bottom, in[1] - left - right, in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    long[] out = outputShape();
    var tf = ctx.tf();
    return tf.slice(x, tf.constant(new long[] {0, top, left, 0}), tf.constant(new long[] {-1, out[0], out[1], -1}));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    ArrayNode p = c.putArray("cropping");
    p.addArray().add(top).add(bottom);
    p.addArray().add(left).add(right);
    c.put("data_format", "channels_last");
  }
}
