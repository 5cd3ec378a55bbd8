package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras UpSampling2D (channels_last): "nearest" repeats each row and column {@code size} times
 * (Keras' ops.repeat); "bilinear" and "bicubic" resize as tf.image.resize (half-pixel centres,
 * no antialiasing). Other interpolations are refused.
 */
public final class UpSampling2D extends Layer {
  private final int sh;
  private final int sw;
  private final String interpolation;

  public UpSampling2D(int sh, int sw, String interpolation) {
    super(null);
    if (sh <= 0 || sw <= 0) throw new Fer4jException("UpSampling2D: size must be positive");
    this.sh = sh;
    this.sw = sw;
    this.interpolation = Resize.check("UpSampling2D", interpolation);
  }

  public UpSampling2D(int size) { this(size, size, "nearest"); }

  @Override public String className() { return "UpSampling2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (UpSampling2D) needs a 3-D input, got " + java.util.Arrays.toString(in));
    return new long[] {in[0] * sh, in[1] * sw, in[2]};
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] in = inputShape();
    if (!interpolation.equals("nearest")) return Resize.images(tf, x, interpolation, in[0] * sh, in[1] * sw);
    // (N, H, 1, W, 1, C) tiled to (N, H, sh, W, sw, C): every pixel repeated, as ops.repeat on both axes
    Operand<TFloat32> e = tf.reshape(x, tf.constant(new long[] {-1, in[0], 1, in[1], 1, in[2]}));
    Operand<TFloat32> t = tf.tile(e, tf.constant(new long[] {1, 1, sh, 1, sw, 1}));
    return tf.reshape(t, tf.constant(new long[] {-1, in[0] * sh, in[1] * sw, in[2]}));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.putArray("size").add(sh).add(sw);
    c.put("data_format", "channels_last");
    c.put("interpolation", interpolation);
  }
}
