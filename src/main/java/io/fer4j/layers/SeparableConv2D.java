package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras SeparableConv2D (channels_last): a depthwise convolution (kernel (kh, kw, in,
 * depth_multiplier), with the layer's strides and padding) followed by a 1x1 pointwise
 * convolution (kernel (1, 1, in · depth_multiplier, filters)) and bias, as tf.nn.separable_conv2d
 * computes it. Keras weight order: depthwise_kernel, pointwise_kernel, bias. Far fewer
 * parameters than Conv2D (Xception-style FER models use it). Dilation is not supported.
 */
public final class SeparableConv2D extends Layer {
  private final int filters;
  private final int[] kernelSize;
  private final int depthMultiplier;
  private int[] strides = {1, 1};
  private String padding = "valid";
  private String activation = "linear";
  private boolean useBias = true;
  private Weight depthwiseKernel;
  private Weight pointwiseKernel;
  private Weight bias;

  public SeparableConv2D(int filters, int kernelH, int kernelW, int depthMultiplier) {
    super(null);
    if (filters <= 0 || kernelH <= 0 || kernelW <= 0 || depthMultiplier <= 0) throw new Fer4jException("SeparableConv2D: filters, kernel_size and depth_multiplier must be positive");
    this.filters = filters;
    this.kernelSize = new int[] {kernelH, kernelW};
    this.depthMultiplier = depthMultiplier;
  }

  public SeparableConv2D strides(int sh, int sw) { this.strides = new int[] {sh, sw}; return this; }
  public SeparableConv2D activation(String a) { this.activation = Activations.check(a); return this; }
  public SeparableConv2D useBias(boolean b) { this.useBias = b; return this; }

  public SeparableConv2D padding(String p) { this.padding = ConvShapes.padding("SeparableConv2D", p); return this; }

  /** Keras names the kernels' options depthwise_* and pointwise_*. */
  @Override public String weightForStem(String stem) { return stem.equals("bias") ? stem : stem + "_kernel"; }

  @Override public String className() { return "SeparableConv2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    long[] hw = ConvShapes.spatial(this, in, kernelSize, strides, new int[] {1, 1}, padding);
    return new long[] {hw[0], hw[1], filters};
  }

  @Override
  protected void build(long[] in) {
    depthwiseKernel = addWeight("depthwise_kernel", new long[] {kernelSize[0], kernelSize[1], in[2], depthMultiplier}, true, Initializer.GLOROT_UNIFORM);
    pointwiseKernel = addWeight("pointwise_kernel", new long[] {1, 1, in[2] * depthMultiplier, filters}, true, Initializer.GLOROT_UNIFORM);
    if (useBias) bias = addWeight("bias", new long[] {filters}, true, Initializer.ZEROS);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    var tf = ctx.tf();
    Operand<TFloat32> d = DepthwiseConv2D.depthwise(tf, x, ctx.variable(depthwiseKernel), strides, padding);
    Operand<TFloat32> y = tf.nn.conv2d(d, ctx.variable(pointwiseKernel), List.of(1L, 1L, 1L, 1L), "VALID");
    if (useBias) y = tf.nn.biasAdd(y, ctx.variable(bias));
    return Activations.apply(tf, activation, y);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("filters", filters);
    c.putArray("kernel_size").add(kernelSize[0]).add(kernelSize[1]);
    c.putArray("strides").add(strides[0]).add(strides[1]);
    c.put("padding", padding);
    c.put("data_format", "channels_last");
    c.putArray("dilation_rate").add(1).add(1);
    c.put("depth_multiplier", depthMultiplier);
    c.put("activation", activation);
    c.put("use_bias", useBias);
  }
}
