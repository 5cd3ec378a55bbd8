package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;

/**
 * The geometric augmentation layers (RandomRotation, RandomZoom, RandomTranslation): in training
 * each sample gets a random affine map, applied as Keras' TF backend does with
 * ImageProjectiveTransformV3 (output pixel (x, y) samples the input at
 * (a0 x + a1 y + a2, b0 x + b1 y + b2)), with Keras' fill modes and interpolations; identity at
 * inference. Subclasses give the 8-parameter transform per sample.
 */
public abstract class AffineAugmentation extends Layer {
  static final List<String> FILL_MODES = List.of("reflect", "wrap", "constant", "nearest");
  static final List<String> INTERPOLATIONS = List.of("nearest", "bilinear");
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private float fillValue = 0f;

  AffineAugmentation() { super(null); }

  /** @param f a factor as Keras takes it: one number or a (lower, upper) pair, each in [-1, 1] */
  static double[] checkedFactor(String layer, String what, double[] f) {
    for (double v : f) if (!(v >= -1 && v <= 1)) throw new Fer4jException(layer + ": " + what + " must be in [-1, 1], got " + v);
    return RandomDraws.factor(f, -1);
  }

  @SuppressWarnings("unchecked")
  public <T extends AffineAugmentation> T fillMode(String m) {
    String v = m.toLowerCase(Locale.ROOT);
    if (!FILL_MODES.contains(v)) throw new Fer4jException(className() + ": fill_mode must be one of " + FILL_MODES + ", got '" + m + "'");
    this.fillMode = v;
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  public <T extends AffineAugmentation> T interpolation(String i) {
    String v = i.toLowerCase(Locale.ROOT);
    if (!INTERPOLATIONS.contains(v)) throw new Fer4jException(className() + ": interpolation must be one of " + INTERPOLATIONS + ", got '" + i + "'");
    this.interpolation = v;
    return (T) this;
  }

  @SuppressWarnings("unchecked")
  public <T extends AffineAugmentation> T fillValue(double v) {
    this.fillValue = (float) v;
    return (T) this;
  }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (" + className() + ") needs a 3-D (H, W, C) input, got " + java.util.Arrays.toString(in));
    return in.clone();
  }

  /** The (batch, 8) transforms for this batch; h and w are the image height and width. */
  abstract Operand<TFloat32> transforms(CallContext ctx, Operand<TFloat32> x, float h, float w);

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training()) return x;
    Ops tf = ctx.tf();
    long[] in = inputShape();
    Operand<TFloat32> t = transforms(ctx, x, in[0], in[1]);
    return tf.image.imageProjectiveTransformV3(x, t, tf.constant(new int[] {(int) in[0], (int) in[1]}), tf.constant(fillValue),
        interpolation.toUpperCase(Locale.ROOT), ImageProjectiveTransformV3.fillMode(fillMode.toUpperCase(Locale.ROOT)));
  }

  /** Concatenates (batch, 1) columns into (batch, 8). */
  static Operand<TFloat32> rows(Ops tf, List<Operand<TFloat32>> cols) {
    return tf.concat(cols, tf.constant(1));
  }

  /** A (batch, 1) column of a constant, shaped like {@code like}. */
  static Operand<TFloat32> col(Ops tf, Operand<TFloat32> like, float v) {
    return tf.fill(tf.shape(like), tf.constant(v));
  }

  static void putPair(ObjectNode c, String key, double[] p) {
    c.putArray(key).add(p[0]).add(p[1]);
  }

  void writeFill(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.put("fill_mode", fillMode);
    c.put("fill_value", (double) fillValue);
    c.put("interpolation", interpolation);
    c.putNull("seed");
  }
}
