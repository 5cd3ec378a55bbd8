package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.Arrays;
import java.util.Locale;

/** Padding checks and output sizes shared by the convolution layers (Keras' conv_output_length). */
final class ConvShapes {
  private ConvShapes() {}

  /** "valid" or "same" (any case), else a one-line error naming the layer class. */
  static String padding(String layerClass, String p) {
    String v = p.toLowerCase(Locale.ROOT);
    if (!v.equals("valid") && !v.equals("same")) throw new Fer4jException(layerClass + ": padding must be 'valid' or 'same', got '" + p + "'");
    return v;
  }

  /** Output (H, W) of a convolution with this kernel, strides, dilation and padding on an (H, W, C) input. */
  static long[] spatial(Layer layer, long[] in, int[] kernel, int[] strides, int[] dilation, String padding) {
    if (in.length != 3) throw new Fer4jException(layer.name() + " (" + layer.className() + ") needs a 3-D (H, W, C) input, got " + Arrays.toString(in));
    long[] out = new long[2];
    for (int i = 0; i < 2; i++) {
      long effective = (long) (kernel[i] - 1) * dilation[i] + 1;
      out[i] = padding.equals("same") ? Conv2D.ceilDiv(in[i], strides[i]) : Conv2D.ceilDiv(in[i] - effective + 1, strides[i]);
      if (out[i] <= 0) throw new Fer4jException(layer.name() + " (" + layer.className() + "): input " + Arrays.toString(in) + " is too small for kernel " + kernel[0] + "x" + kernel[1]);
    }
    return out;
  }
}
