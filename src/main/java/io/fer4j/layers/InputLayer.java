package io.fer4j.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras InputLayer: declares the per-sample input shape, e.g. (48, 48, 1). Holds no weights. As in
 * Keras it owns one input node whose {@link #output()} is the model input's symbolic tensor.
 */
public final class InputLayer extends Layer {
  private final long[] shape;
  private final KerasTensor output;

  public InputLayer(long... shape) {
    super(null);
    for (long d : shape) {
      if (d <= 0) throw new io.fer4j.Fer4jException("InputLayer: shape " + java.util.Arrays.toString(shape) + " must have fixed positive dimensions");
    }
    this.shape = shape.clone();
    ensureBuilt(this.shape);
    this.output = addInboundNode(List.of(), this.shape).output();
  }

  public long[] shape() { return shape.clone(); }

  /** The symbolic tensor this input feeds into the model. */
  public KerasTensor output() { return output; }

  @Override public String className() { return "InputLayer"; }
  @Override public long[] computeOutputShape(long[] in) { return shape.clone(); }
  @Override public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) { return x; }
}
