package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras Dense: y = activation(x · kernel + bias), kernel (in, units) glorot_uniform, bias zeros.
 * On a higher-rank input it acts on the last axis, as Keras (ConvNeXt's pointwise layers).
 */
public class Dense extends Layer implements SoftmaxOutput {
  private final int units;
  private String activation = "linear";
  private boolean useBias = true;
  private Weight kernel;
  private Weight bias;

  public Dense(int units) {
    super(null);
    if (units <= 0) throw new Fer4jException("Dense: units must be positive, got " + units);
    this.units = units;
  }

  public Dense(int units, String activation) {
    this(units);
    activation(activation);
  }

  public Dense activation(String a) { this.activation = Activations.check(a); return this; }
  public Dense useBias(boolean b) { this.useBias = b; return this; }
  public int units() { return units; }
  public String activationName() { return activation; }

  /** Keras kernel_regularizer (e.g. {@code new L2(1e-4)}). */
  public Dense kernelRegularizer(io.fer4j.regularizers.Regularizer r) { regularizer("kernel", r); return this; }
  public Dense biasRegularizer(io.fer4j.regularizers.Regularizer r) { regularizer("bias", r); return this; }
  public Dense kernelConstraint(io.fer4j.constraints.Constraint c) { constraint("kernel", c); return this; }
  public Dense biasConstraint(io.fer4j.constraints.Constraint c) { constraint("bias", c); return this; }

  @Override public String className() { return "Dense"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length == 0) throw new Fer4jException(name() + " (Dense) needs at least a 1-D input per sample");
    long[] out = in.clone();
    out[out.length - 1] = units;
    return out;
  }

  @Override
  protected void build(long[] in) {
    kernel = addWeight("kernel", new long[] {in[in.length - 1], units}, true, Initializer.GLOROT_UNIFORM);
    if (useBias) bias = addWeight("bias", new long[] {units}, true, Initializer.ZEROS);
  }

  @Override public boolean endsInSoftmax() { return activation.equals("softmax"); }
  @Override public boolean endsInSigmoid() { return activation.equals("sigmoid"); }

  @Override
  public Operand<TFloat32> callLogits(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] in = inputShape();
    Operand<TFloat32> x2 = in.length == 1 ? x : tf.reshape(x, tf.constant(new long[] {-1, in[in.length - 1]}));
    Operand<TFloat32> y = tf.linalg.matMul(x2, ctx.variable(kernel));
    if (useBias) y = tf.nn.biasAdd(y, ctx.variable(bias));
    if (in.length == 1) return y;
    long[] full = new long[in.length + 1];
    full[0] = -1;
    System.arraycopy(outputShape(), 0, full, 1, in.length);
    return tf.reshape(y, tf.constant(full));
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return Activations.apply(ctx.tf(), activation, callLogits(ctx, x));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("units", units);
    c.put("activation", activation);
    c.put("use_bias", useBias);
  }
}
