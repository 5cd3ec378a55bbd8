package io.fer4j.constraints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras NonNeg: {@code maximum(w, 0)}. */
public record NonNeg() implements Constraint {
  @Override public Operand<TFloat32> project(Ops tf, Operand<TFloat32> w) { return tf.math.maximum(w, tf.constant(0f)); }
  @Override public String kerasClassName() { return "NonNeg"; }
  @Override public void writeConfig(ObjectNode c) {}
}
