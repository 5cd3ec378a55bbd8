package io.fer4j.constraints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras UnitNorm (axis 0): {@code w / (1e-7 + norms)}. */
public record UnitNorm(int[] axis) implements Constraint {
  public UnitNorm() { this(new int[] {0}); }

  @Override
  public Operand<TFloat32> project(Ops tf, Operand<TFloat32> w) {
    return tf.math.div(w, tf.math.add(tf.constant(EPSILON), Constraint.norms(tf, w, axis)));
  }

  @Override public String kerasClassName() { return "UnitNorm"; }

  @Override public void writeConfig(ObjectNode c) { Constraint.putAxis(c, axis); }
}
