package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras AveragePooling2D (channels_last): mean over each pool window, strides default to the pool
 * size. With padding "same" the padded cells are not counted, as TF's AvgPool (which Keras calls)
 * does. Loaded from Keras files; shapes follow {@link MaxPooling2D}.
 */
public final class AveragePooling2D extends MaxPooling2D {
  public AveragePooling2D(int ph, int pw) { super(ph, pw); }

  public AveragePooling2D(int p) { this(p, p); }

  @Override public String className() { return "AveragePooling2D"; }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    return tf.nn.avgPool(x, java.util.List.of(1L, (long) pool[0], (long) pool[1], 1L),
        java.util.List.of(1L, (long) strides[0], (long) strides[1], 1L), padding.toUpperCase(java.util.Locale.ROOT));
  }
}
