package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras InputLayer: declares the per-sample input shape, e.g. (48, 48, 1). Holds no weights. */
public final class InputLayer extends Layer {
  private final long[] shape;

  public InputLayer(long... shape) {
    super("input_layer");
    this.shape = shape.clone();
  }

  public long[] shape() { return shape.clone(); }

  @Override public String className() { return "InputLayer"; }
  @Override public long[] computeOutputShape(long[] in) { return shape.clone(); }
  @Override public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) { return x; }
}
