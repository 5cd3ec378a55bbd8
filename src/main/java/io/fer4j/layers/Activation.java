package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras Activation layer: applies a named activation function. */
public final class Activation extends Layer implements SoftmaxOutput {
  private final String activation;

  public Activation(String activation) {
    super(null);
    this.activation = Activations.check(activation);
  }

  public String activation() { return activation; }

  @Override public String className() { return "Activation"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }
  @Override public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) { return Activations.apply(ctx.tf(), activation, x); }
  @Override public boolean endsInSoftmax() { return activation.equals("softmax"); }
  @Override public boolean endsInSigmoid() { return activation.equals("sigmoid"); }
  @Override public Operand<TFloat32> callLogits(CallContext ctx, Operand<TFloat32> x) { return x; }
  @Override public void writeConfig(ObjectNode c) { c.put("activation", activation); }
}
