package io.fer4j.data;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The TF decode ops fer4j uses, as float (H, W, C) pixels 0..255, one per format family:
 * JPEGs with libjpeg's accurate integer IDCT (as PIL decodes them); PNG/BMP with
 * decode_image; GIF with its first frame only, decoded as RGB (TF's GIF decoder has no gray
 * output) and, for one channel, converted with PIL's integer luma (L = (19595 R + 38470 G +
 * 7471 B + 32768) >> 16, exact in float32 since every sum stays below 2^24).
 */
public final class DecodeOps {
  /** The three decode outputs of one graph; pick one with {@link #forFormat}. */
  public record Decoders(Operand<TFloat32> jpeg, Operand<TFloat32> gif, Operand<TFloat32> other) {
    public Operand<TFloat32> forFormat(String format) {
      return switch (format) {
        case "jpeg" -> jpeg;
        case "gif" -> gif;
        default -> other;
      };
    }
  }

  private DecodeOps() {}

  public static Decoders build(Ops tf, Operand<TString> contents, int channels) {
    Operand<TFloat32> jpeg = tf.dtypes.cast(tf.image.decodeJpeg(contents, DecodeJpeg.channels((long) channels), DecodeJpeg.dctMethod("INTEGER_ACCURATE")), TFloat32.class);
    Operand<TFloat32> other = tf.dtypes.cast(tf.image.decodeImage(contents, new DecodeImage.Options[] {
        DecodeImage.channels((long) channels), DecodeImage.expandAnimations(false)}), TFloat32.class);
    Operand<TFloat32> gifRgb = tf.dtypes.cast(tf.image.decodeImage(contents, new DecodeImage.Options[] {
        DecodeImage.channels(3L), DecodeImage.expandAnimations(false)}), TFloat32.class);
    Operand<TFloat32> gif = gifRgb;
    if (channels == 1) {
      Operand<TFloat32> weighted = tf.reduceSum(tf.math.mul(gifRgb, tf.constant(new float[] {19595f, 38470f, 7471f})), tf.constant(-1),
          org.tensorflow.op.core.ReduceSum.keepDims(true));
      gif = tf.math.floor(tf.math.div(tf.math.add(weighted, tf.constant(32768f)), tf.constant(65536f)));
    }
    return new Decoders(jpeg, gif, other);
  }
}
