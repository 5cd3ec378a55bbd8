package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.util.Locale;

/**
 * Resize filter used when an image is not the model's size. All use TF's resize kernels with
 * half-pixel centres (the convention of PIL and tf.image.resize). Keras' old ImageDataGenerator
 * used nearest.
 */
public enum Interpolation {
  NEAREST, BILINEAR, BICUBIC;

  public static Interpolation parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Fer4jException("--interpolation must be nearest, bilinear or bicubic, got '" + s + "'");
    }
  }
}
