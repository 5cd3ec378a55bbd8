package io.fer4j.constraints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras MaxNorm (max_value 2, axis 0): {@code w * clip(norms, 0, max) / (1e-7 + norms)}. */
public record MaxNorm(double maxValue, int[] axis) implements Constraint {
  public MaxNorm() { this(2, new int[] {0}); }

  @Override
  public Operand<TFloat32> project(Ops tf, Operand<TFloat32> w) {
    Operand<TFloat32> n = Constraint.norms(tf, w, axis);
    Operand<TFloat32> desired = tf.clipByValue(n, tf.constant(0f), tf.constant((float) maxValue));
    return tf.math.mul(w, tf.math.div(desired, tf.math.add(tf.constant(EPSILON), n)));
  }

  @Override public String kerasClassName() { return "MaxNorm"; }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("max_value", maxValue);
    Constraint.putAxis(c, axis);
  }
}
