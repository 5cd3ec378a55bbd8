package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * Keras LeakyReLU: x for x ≥ 0, negative_slope·x otherwise (Keras 3 default 0.3; tf.keras 2
 * called it {@code alpha}). Its own class because Keras saves it under this class name.
 */
public final class LeakyReLU extends Layer {
  private final float negativeSlope;

  public LeakyReLU(float negativeSlope) {
    super(null);
    this.negativeSlope = negativeSlope;
  }

  public LeakyReLU() { this(0.3f); }

  @Override public String className() { return "LeakyReLU"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ctx.tf().nn.leakyRelu(x, LeakyRelu.alpha(negativeSlope));
  }

  @Override public void writeConfig(ObjectNode c) { c.put("negative_slope", (double) negativeSlope); }
}
