package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras Resizing (channels_last) to {@code height} x {@code width} with tf.image.resize
 * (nearest, bilinear or bicubic; no antialiasing). With {@code crop_to_aspect_ratio} the largest
 * central window of the target's aspect ratio is cut first, with Keras' integer arithmetic.
 * pad_to_aspect_ratio is refused.
 */
public final class Resizing extends Layer {
  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;

  public Resizing(int height, int width) {
    super(null);
    if (height <= 0 || width <= 0) throw new Fer4jException("Resizing: height and width must be positive");
    this.height = height;
    this.width = width;
  }

  public Resizing interpolation(String i) { this.interpolation = Resize.check("Resizing", i); return this; }
  public Resizing cropToAspectRatio(boolean c) { this.cropToAspectRatio = c; return this; }

  @Override public String className() { return "Resizing"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (Resizing) needs a 3-D input, got " + java.util.Arrays.toString(in));
    return new long[] {height, width, in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] in = inputShape();
    if (cropToAspectRatio) {
      long ch = Math.max(Math.min(in[0], (long) (float) ((float) (in[1] * height) / width)), 1);
      long cw = Math.max(Math.min(in[1], (long) (float) ((float) (in[0] * width) / height)), 1);
      long h0 = (long) ((float) (in[0] - ch) / 2);
      long w0 = (long) ((float) (in[1] - cw) / 2);
      x = tf.slice(x, tf.constant(new long[] {0, h0, w0, 0}), tf.constant(new long[] {-1, ch, cw, -1}));
    }
    return Resize.images(tf, x, interpolation, height, width);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("height", height);
    c.put("width", width);
    c.put("interpolation", interpolation);
    c.put("crop_to_aspect_ratio", cropToAspectRatio);
    c.put("data_format", "channels_last");
  }
}
