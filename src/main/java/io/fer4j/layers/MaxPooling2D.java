package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras MaxPooling2D: strides default to the pool size, padding "valid" by default. */
public class MaxPooling2D extends Layer {
  protected final int[] pool;
  protected int[] strides;
  protected String padding = "valid";

  public MaxPooling2D(int ph, int pw) {
    super(null);
    this.pool = new int[] {ph, pw};
    this.strides = pool.clone();
  }

  public MaxPooling2D(int p) { this(p, p); }

  public MaxPooling2D strides(int sh, int sw) { this.strides = new int[] {sh, sw}; return this; }

  public MaxPooling2D padding(String p) {
    String v = p.toLowerCase(java.util.Locale.ROOT);
    if (!v.equals("valid") && !v.equals("same")) throw new Fer4jException(className() + ": padding must be 'valid' or 'same', got '" + p + "'");
    this.padding = v;
    return this;
  }

  @Override public String className() { return "MaxPooling2D"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (" + className() + ") needs a 3-D (H, W, C) input, got " + java.util.Arrays.toString(in));
    long[] out = new long[3];
    for (int i = 0; i < 2; i++) {
      out[i] = padding.equals("same") ? Conv2D.ceilDiv(in[i], strides[i]) : (in[i] - pool[i]) / strides[i] + 1;
      if (out[i] <= 0) throw new Fer4jException(name() + " (" + className() + "): input " + java.util.Arrays.toString(in) + " is smaller than the pool");
    }
    out[2] = in[2];
    return out;
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    // The attribute form "MaxPool" (what tf.nn.max_pool2d emits), not TF Java's default
    // "MaxPoolV2" with tensor sizes: only the former is rewritten to oneDNN's pooling kernels,
    // whose backward pass is several times faster than Eigen's MaxPoolGradV2.
    org.tensorflow.Operation op = ctx.tf().scope().opBuilder("MaxPool", "MaxPool")
        .addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, pool[0], pool[1], 1})
        .setAttr("strides", new long[] {1, strides[0], strides[1], 1})
        .setAttr("padding", padding.toUpperCase(java.util.Locale.ROOT))
        .build();
    return op.output(0);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.putArray("pool_size").add(pool[0]).add(pool[1]);
    c.put("padding", padding);
    c.putArray("strides").add(strides[0]).add(strides[1]);
    c.put("data_format", "channels_last");
  }
}
