package io.fer4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras {@code Huber(delta)}: per element {@code 0.5 e^2} where {@code |e| <= delta}, else
 * {@code delta |e| - 0.5 delta^2}, then the mean over the last axis. The branch is a 0/1 mask
 * (the gradient of Keras' {@code where}, without needing Select's gradient in TF's C API).
 * Keras 3.15 leaves {@code delta} out of its config; fer4j writes it (Keras' constructor reads it).
 */
public class Huber extends Loss {
  private final double delta;

  public Huber() { this(1.0); }

  public Huber(double delta) {
    super("huber_loss");
    if (!(delta > 0)) throw new Fer4jException("Huber delta must be positive, got " + delta);
    this.delta = delta;
  }

  public double delta() { return delta; }

  @Override public String className() { return "Huber"; }

  @Override
  public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p) {
    Operand<TFloat32> e = tf.math.sub(p.output(), labels);
    Operand<TFloat32> abs = tf.math.abs(e);
    Operand<TFloat32> d = tf.constant((float) delta);
    Operand<TFloat32> half = tf.constant(0.5f);
    Operand<TFloat32> quad = tf.math.mul(half, tf.math.square(e));
    Operand<TFloat32> lin = tf.math.sub(tf.math.mul(d, abs), tf.math.mul(half, tf.math.square(d)));
    Operand<TFloat32> inner = tf.dtypes.cast(tf.math.lessEqual(abs, d), TFloat32.class);
    Operand<TFloat32> outer = tf.math.sub(tf.constant(1f), inner);
    return meanLast(tf, tf.math.add(tf.math.mul(inner, quad), tf.math.mul(outer, lin)));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("delta", delta);
  }
}
