package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras ELU layer: x for x > 0, alpha (exp(x) - 1) otherwise (Keras: tf.nn.elu, scaled where x ≤ 0). */
public final class ELU extends Layer {
  private final float alpha;

  public ELU(double alpha) {
    super(null);
    this.alpha = (float) alpha;
  }

  public ELU() { this(1.0); }

  @Override public String className() { return "ELU"; }
  @Override public long[] computeOutputShape(long[] in) { return in.clone(); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> e = tf.nn.elu(x);
    if (alpha == 1f) return e;
    return tf.select(tf.math.greater(x, tf.constant(0f)), e, tf.math.mul(tf.constant(alpha), e));
  }

  @Override public void writeConfig(ObjectNode c) { c.put("alpha", (double) alpha); }
}
