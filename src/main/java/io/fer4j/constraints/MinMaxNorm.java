package io.fer4j.constraints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras MinMaxNorm (0, 1, rate 1, axis 0): {@code desired = rate * clip(norms, min, max) + (1 - rate) * norms}. */
public record MinMaxNorm(double minValue, double maxValue, double rate, int[] axis) implements Constraint {
  public MinMaxNorm() { this(0, 1, 1, new int[] {0}); }

  @Override
  public Operand<TFloat32> project(Ops tf, Operand<TFloat32> w) {
    Operand<TFloat32> n = Constraint.norms(tf, w, axis);
    Operand<TFloat32> clipped = tf.clipByValue(n, tf.constant((float) minValue), tf.constant((float) maxValue));
    Operand<TFloat32> desired = tf.math.add(tf.math.mul(tf.constant((float) rate), clipped), tf.math.mul(tf.constant((float) (1 - rate)), n));
    return tf.math.mul(w, tf.math.div(desired, tf.math.add(tf.constant(EPSILON), n)));
  }

  @Override public String kerasClassName() { return "MinMaxNorm"; }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("min_value", minValue);
    c.put("max_value", maxValue);
    c.put("rate", rate);
    Constraint.putAxis(c, axis);
  }
}
