package io.fer4j.regularizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras L1L2: {@code 0 + l1 * sum(|x|) + l2 * sum(x^2)}, each term only when its factor is not 0 (defaults 0, 0). */
public record L1L2(double l1, double l2) implements Regularizer {
  public L1L2 {
    Penalties.check("L1L2", "l1", l1);
    Penalties.check("L1L2", "l2", l2);
  }

  @Override
  public Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> r = tf.constant(0f);
    if (l1 != 0) r = tf.math.add(r, tf.math.mul(tf.constant((float) l1), Regularizer.sumAbs(tf, x)));
    if (l2 != 0) r = tf.math.add(r, tf.math.mul(tf.constant((float) l2), Regularizer.sumSquares(tf, x)));
    return r;
  }

  @Override public String kerasClassName() { return "L1L2"; }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("l1", l1);
    c.put("l2", l2);
  }
}
