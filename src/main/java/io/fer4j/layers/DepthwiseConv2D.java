package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras DepthwiseConv2D (channels_last): one kernel per input channel (times depth_multiplier),
 * kernel (kh, kw, in, depth_multiplier), bias (in · depth_multiplier), via TF's
 * DepthwiseConv2dNative as Keras' TF backend. The building block of MobileNet-style models.
 * Dilation is not supported.
 */
public final class DepthwiseConv2D extends Layer {
  private final int[] kernelSize;
  private final int depthMultiplier;
  private int[] strides = {1, 1};
  private String padding = "valid";
  private String activation = "linear";
  private boolean useBias = true;
  private Weight kernel;
  private Weight bias;

  public DepthwiseConv2D(int kernelH, int kernelW, int depthMultiplier) {
    super(null);
    if (kernelH <= 0 || kernelW <= 0 || depthMultiplier <= 0) throw new Fer4jException("DepthwiseConv2D: kernel_size and depth_multiplier must be positive");
    this.kernelSize = new int[] {kernelH, kernelW};
    this.depthMultiplier = depthMultiplier;
  }

  public DepthwiseConv2D strides(int sh, int sw) { this.strides = new int[] {sh, sw}; return this; }
  public DepthwiseConv2D activation(String a) { this.activation = Activations.check(a); return this; }
  public DepthwiseConv2D useBias(boolean b) { this.useBias = b; return this; }

  public DepthwiseConv2D padding(String p) { this.padding = ConvShapes.padding("DepthwiseConv2D", p); return this; }

  @Override public String className() { return "DepthwiseConv2D"; }

  /** Keras names the kernel's options depthwise_regularizer / depthwise_constraint. */
  @Override public String configStem(String weightName) { return weightName.equals("kernel") ? "depthwise" : weightName; }

  @Override public String weightForStem(String stem) { return stem.equals("depthwise") ? "kernel" : stem; }

  @Override
  public long[] computeOutputShape(long[] in) {
    long[] hw = ConvShapes.spatial(this, in, kernelSize, strides, new int[] {1, 1}, padding);
    return new long[] {hw[0], hw[1], in[2] * depthMultiplier};
  }

  @Override
  protected void build(long[] in) {
    kernel = addWeight("kernel", new long[] {kernelSize[0], kernelSize[1], in[2], depthMultiplier}, true, Initializer.GLOROT_UNIFORM);
    if (useBias) bias = addWeight("bias", new long[] {in[2] * depthMultiplier}, true, Initializer.ZEROS);
  }

  /** The depthwise convolution alone (no bias), shared with {@link SeparableConv2D}. */
  static Operand<TFloat32> depthwise(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k, int[] strides, String padding) {
    return tf.nn.depthwiseConv2dNative(x, k, List.of(1L, (long) strides[0], (long) strides[1], 1L), padding.toUpperCase(Locale.ROOT));
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Operand<TFloat32> y = depthwise(ctx.tf(), x, ctx.variable(kernel), strides, padding);
    if (useBias) y = ctx.tf().nn.biasAdd(y, ctx.variable(bias));
    return Activations.apply(ctx.tf(), activation, y);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.putArray("kernel_size").add(kernelSize[0]).add(kernelSize[1]);
    c.putArray("strides").add(strides[0]).add(strides[1]);
    c.put("padding", padding);
    c.put("depth_multiplier", depthMultiplier);
    c.put("data_format", "channels_last");
    c.putArray("dilation_rate").add(1).add(1);
    c.put("activation", activation);
    c.put("use_bias", useBias);
  }
}
