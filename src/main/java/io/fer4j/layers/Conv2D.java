package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * Keras Conv2D (channels_last): kernel (kh, kw, in / groups, filters) glorot_uniform, bias zeros,
 * padding "valid" or "same", strides, dilation, optional activation. With {@code groups} the
 * channels split into groups convolved separately (group g: inputs and filters of block g), as
 * ConvNeXt's depthwise 7x7 (groups = channels). TF's grouped Conv2D kernel is broken on CPU
 * (Keras compiles it with XLA), so groups = channels runs as a depthwise convolution with the
 * kernel reshaped to (kh, kw, in, filters / in), and other group counts as one convolution per
 * group, concatenated.
 */
public class Conv2D extends Layer implements SoftmaxOutput {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = "valid";
  private int[] dilation = {1, 1};
  private String activation = "linear";
  private boolean useBias = true;
  private int groups = 1;
  private Weight kernel;
  private Weight bias;

  public Conv2D(int filters, int kernelH, int kernelW) {
    super(null);
    if (filters <= 0 || kernelH <= 0 || kernelW <= 0) throw new Fer4jException("Conv2D: filters and kernel_size must be positive");
    this.filters = filters;
    this.kernelSize = new int[] {kernelH, kernelW};
  }

  public Conv2D(int filters, int kernel) { this(filters, kernel, kernel); }

  public Conv2D padding(String p) { this.padding = ConvShapes.padding("Conv2D", p); return this; }

  public Conv2D strides(int sh, int sw) { this.strides = new int[] {sh, sw}; return this; }
  public Conv2D dilationRate(int dh, int dw) { this.dilation = new int[] {dh, dw}; return this; }
  public Conv2D activation(String a) { this.activation = Activations.check(a); return this; }
  public Conv2D useBias(boolean b) { this.useBias = b; return this; }

  public Conv2D groups(int g) {
    if (g <= 0 || filters % g != 0) throw new Fer4jException("Conv2D: groups must be positive and divide filters (" + filters + "), got " + g);
    this.groups = g;
    return this;
  }

  public int filters() { return filters; }
  public String padding() { return padding; }

  /** Keras kernel_regularizer (e.g. {@code new L2(1e-4)}). */
  public Conv2D kernelRegularizer(io.fer4j.regularizers.Regularizer r) { regularizer("kernel", r); return this; }
  public Conv2D biasRegularizer(io.fer4j.regularizers.Regularizer r) { regularizer("bias", r); return this; }
  public Conv2D kernelConstraint(io.fer4j.constraints.Constraint c) { constraint("kernel", c); return this; }
  public Conv2D biasConstraint(io.fer4j.constraints.Constraint c) { constraint("bias", c); return this; }

  @Override public String className() { return "Conv2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    long[] hw = ConvShapes.spatial(this, in, kernelSize, strides, dilation, padding);
    if (in[2] % groups != 0) throw new Fer4jException(name() + " (Conv2D): groups " + groups + " does not divide the " + in[2] + " input channels");
    return new long[] {hw[0], hw[1], filters};
  }

  static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

  @Override
  protected void build(long[] in) {
    kernel = addWeight("kernel", new long[] {kernelSize[0], kernelSize[1], in[2] / groups, filters}, true, Initializer.GLOROT_UNIFORM);
    if (useBias) bias = addWeight("bias", new long[] {filters}, true, Initializer.ZEROS);
  }

  @Override public boolean endsInSoftmax() { return activation.equals("softmax"); }
  @Override public boolean endsInSigmoid() { return activation.equals("sigmoid"); }

  @Override
  public Operand<TFloat32> callLogits(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> y = groups == 1 ? conv(tf, x, ctx.variable(kernel)) : grouped(tf, x, ctx.variable(kernel));
    if (useBias) y = tf.nn.biasAdd(y, ctx.variable(bias));
    return y;
  }

  private Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k) {
    return tf.nn.conv2d(x, k, List.of(1L, (long) strides[0], (long) strides[1], 1L),
        padding.toUpperCase(java.util.Locale.ROOT), Conv2d.dilations(1L, (long) dilation[0], (long) dilation[1], 1L));
  }

  private Operand<TFloat32> grouped(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k) {
    long in = inputShape()[2];
    if (groups == in) {
      // kernel (kh, kw, 1, filters): filter f reads channel f / m, m = filters / in, which is
      // depthwise output channel c * m + j with c = f / m, j = f % m: a plain reshape.
      Operand<TFloat32> dk = tf.reshape(k, tf.constant(new long[] {kernelSize[0], kernelSize[1], in, filters / in}));
      return tf.nn.depthwiseConv2dNative(x, dk, List.of(1L, (long) strides[0], (long) strides[1], 1L), padding.toUpperCase(java.util.Locale.ROOT),
          org.tensorflow.op.nn.DepthwiseConv2dNative.dilations(List.of(1L, (long) dilation[0], (long) dilation[1], 1L)));
    }
    long cin = in / groups;
    long cout = filters / groups;
    List<Operand<TFloat32>> parts = new java.util.ArrayList<>();
    for (int g = 0; g < groups; g++) {
      Operand<TFloat32> xg = tf.slice(x, tf.constant(new long[] {0, 0, 0, g * cin}), tf.constant(new long[] {-1, -1, -1, cin}));
      Operand<TFloat32> kg = tf.slice(k, tf.constant(new long[] {0, 0, 0, g * cout}), tf.constant(new long[] {-1, -1, -1, cout}));
      parts.add(conv(tf, xg, kg));
    }
    return tf.concat(parts, tf.constant(3));
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return Activations.apply(ctx.tf(), activation, callLogits(ctx, x));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("filters", filters);
    c.putArray("kernel_size").add(kernelSize[0]).add(kernelSize[1]);
    c.putArray("strides").add(strides[0]).add(strides[1]);
    c.put("padding", padding);
    c.put("data_format", "channels_last");
    c.putArray("dilation_rate").add(dilation[0]).add(dilation[1]);
    c.put("groups", groups);
    c.put("activation", activation);
    c.put("use_bias", useBias);
  }
}
