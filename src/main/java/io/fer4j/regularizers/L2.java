package io.fer4j.regularizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras L2: {@code l2 * sum(x^2)} (default l2 0.01; no factor 1/2, as Keras). */
public record L2(double l2) implements Regularizer {
  public L2 { Penalties.check("L2", "l2", l2); }

  public L2() { this(0.01); }

  @Override public Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> x) { return tf.math.mul(tf.constant((float) l2), Regularizer.sumSquares(tf, x)); }
  @Override public String kerasClassName() { return "L2"; }
  @Override public void writeConfig(ObjectNode c) { c.put("l2", l2); }
}
