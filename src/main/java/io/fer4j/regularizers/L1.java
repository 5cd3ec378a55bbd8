package io.fer4j.regularizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras L1: {@code l1 * sum(|x|)} (default l1 0.01). */
public record L1(double l1) implements Regularizer {
  public L1 { Penalties.check("L1", "l1", l1); }

  public L1() { this(0.01); }

  @Override public Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> x) { return tf.math.mul(tf.constant((float) l1), Regularizer.sumAbs(tf, x)); }
  @Override public String kerasClassName() { return "L1"; }
  @Override public void writeConfig(ObjectNode c) { c.put("l1", l1); }
}
