package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras Conv2DTranspose (channels_last): the gradient of a convolution with respect to its input
 * (TF's Conv2DBackpropInput, as tf.nn.conv2d_transpose), kernel (kh, kw, filters, in), bias zeros.
 * Output size per axis as Keras: "valid" (in - 1) * s + k + max(s - k, 0), "same" in * s; with
 * {@code output_padding} p: (in - 1) * s + k + p ("valid") or (in - 1) * s + k % 2 + p ("same").
 * Dilation is not supported.
 */
public final class Conv2DTranspose extends Layer {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private String padding = "valid";
  private int[] outputPadding;
  private String activation = "linear";
  private boolean useBias = true;
  private Weight kernel;
  private Weight bias;

  public Conv2DTranspose(int filters, int kernelH, int kernelW) {
    super(null);
    if (filters <= 0 || kernelH <= 0 || kernelW <= 0) throw new Fer4jException("Conv2DTranspose: filters and kernel_size must be positive");
    this.filters = filters;
    this.kernelSize = new int[] {kernelH, kernelW};
  }

  public Conv2DTranspose padding(String p) { this.padding = ConvShapes.padding("Conv2DTranspose", p); return this; }
  public Conv2DTranspose strides(int sh, int sw) { this.strides = new int[] {sh, sw}; return this; }
  public Conv2DTranspose activation(String a) { this.activation = Activations.check(a); return this; }
  public Conv2DTranspose useBias(boolean b) { this.useBias = b; return this; }

  public Conv2DTranspose outputPadding(int ph, int pw) {
    if (ph < 0 || pw < 0) throw new Fer4jException("Conv2DTranspose: output_padding must be >= 0");
    this.outputPadding = new int[] {ph, pw};
    return this;
  }

  @Override public String className() { return "Conv2DTranspose"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (Conv2DTranspose) needs a 3-D (H, W, C) input, got " + java.util.Arrays.toString(in));
    if (outputPadding != null && (outputPadding[0] >= strides[0] || outputPadding[1] >= strides[1])) {
      throw new Fer4jException(name() + " (Conv2DTranspose): output_padding must be smaller than the strides, as Keras requires");
    }
    long[] out = new long[3];
    for (int i = 0; i < 2; i++) {
      long k = kernelSize[i];
      long s = strides[i];
      if (padding.equals("valid")) out[i] = (in[i] - 1) * s + k + (outputPadding == null ? Math.max(k, s) - k : outputPadding[i]);
      else out[i] = outputPadding == null ? in[i] * s : (in[i] - 1) * s + k % 2 + outputPadding[i];
    }
    out[2] = filters;
    return out;
  }

  @Override
  protected void build(long[] in) {
    kernel = addWeight("kernel", new long[] {kernelSize[0], kernelSize[1], filters, in[2]}, true, Initializer.GLOROT_UNIFORM);
    if (useBias) bias = addWeight("bias", new long[] {filters}, true, Initializer.ZEROS);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    long[] out = outputShape();
    Operand<TInt32> batch = tf.squeeze(tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})));
    Operand<TInt32> sizes = tf.stack(List.of(batch, tf.constant((int) out[0]), tf.constant((int) out[1]), tf.constant((int) out[2])));
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(sizes, ctx.variable(kernel), x, List.of(1L, (long) strides[0], (long) strides[1], 1L),
        padding.toUpperCase(Locale.ROOT));
    if (useBias) y = tf.nn.biasAdd(y, ctx.variable(bias));
    return Activations.apply(tf, activation, y);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("filters", filters);
    c.putArray("kernel_size").add(kernelSize[0]).add(kernelSize[1]);
    c.putArray("strides").add(strides[0]).add(strides[1]);
    c.put("padding", padding);
    if (outputPadding == null) c.putNull("output_padding");
    else c.putArray("output_padding").add(outputPadding[0]).add(outputPadding[1]);
    c.put("data_format", "channels_last");
    c.putArray("dilation_rate").add(1).add(1);
    c.put("activation", activation);
    c.put("use_bias", useBias);
  }
}
