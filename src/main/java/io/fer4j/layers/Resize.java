package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;

/** tf.image.resize (v2, antialias off) for the interpolations fer4j computes: the kernels with half-pixel centres. */
final class Resize {
  static final List<String> INTERPOLATIONS = List.of("nearest", "bilinear", "bicubic");

  private Resize() {}

  static String check(String layer, String interpolation) {
    String i = interpolation == null ? "bilinear" : interpolation.toLowerCase(java.util.Locale.ROOT);
    if (!INTERPOLATIONS.contains(i)) throw new Fer4jException(layer + ": unsupported interpolation '" + interpolation + "' (fer4j computes " + INTERPOLATIONS + ")");
    return i;
  }

  static Operand<TFloat32> images(Ops tf, Operand<TFloat32> x, String interpolation, long h, long w) {
    Operand<org.tensorflow.types.TInt32> size = tf.constant(new int[] {(int) h, (int) w});
    switch (interpolation) {
      case "nearest": return tf.image.resizeNearestNeighbor(x, size, ResizeNearestNeighbor.halfPixelCenters(true));
      case "bilinear": return tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
      case "bicubic": return tf.image.resizeBicubic(x, size, ResizeBicubic.halfPixelCenters(true));
      default: throw new AssertionError(interpolation);
    }
  }
}
