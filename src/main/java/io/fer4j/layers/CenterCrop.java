package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras CenterCrop (channels_last): the central {@code height} x {@code width} window, starting
 * at half the excess (rounded down). Keras resizes instead when the input is smaller than the
 * target; fer4j refuses that case.
 */
public final class CenterCrop extends Layer {
  private final int height;
  private final int width;

  public CenterCrop(int height, int width) {
    super(null);
    if (height <= 0 || width <= 0) throw new Fer4jException("CenterCrop: height and width must be positive");
    this.height = height;
    this.width = width;
  }

  @Override public String className() { return "CenterCrop"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (CenterCrop) needs a 3-D input, got " + java.util.Arrays.toString(in));
    if (in[0] < height || in[1] < width) throw new Fer4jException(name() + " (CenterCrop): input " + java.util.Arrays.toString(in) + " is smaller than " + height + "x" + width + " (Keras would resize; fer4j only crops)");
    return new long[] {height, width, in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    long[] in = inputShape();
    var tf = ctx.tf();
    return tf.slice(x, tf.constant(new long[] {0, (in[0] - height) / 2, (in[1] - width) / 2, 0}), tf.constant(new long[] {-1, height, width, -1}));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("height", height);
    c.put("width", width);
    c.put("data_format", "channels_last");
  }
}
