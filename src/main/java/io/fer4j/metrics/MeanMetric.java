package io.fer4j.metrics;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code MeanMetricWrapper}: a per-sample value (its mean over any further axes), summed
 * times the sample weight into {@code total} while the weights sum into {@code count};
 * the result is {@code total / count} (0 when empty).
 */
public abstract class MeanMetric extends Metric {
  protected MeanMetric(String defaultName) { super(defaultName); }

  /** The per-sample values (B). */
  protected abstract Operand<TFloat32> values(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs);

  @Override public int stateSize() { return 2; }

  @Override
  public Operand<TFloat32> update(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs, Operand<TFloat32> sampleWeights) {
    Operand<TFloat32> v = values(tf, labels, outputs);
    Operand<TFloat32> total = tf.reduceSum(tf.math.mul(v, sampleWeights), tf.constant(0));
    return tf.stack(java.util.List.of(total, tf.reduceSum(sampleWeights, tf.constant(0))));
  }

  @Override
  public double result(double[] s) { return divNoNan(s[0], s[1]); }

  static Operand<TFloat32> matches(Ops tf, Operand<org.tensorflow.types.TBool> eq) { return tf.dtypes.cast(eq, TFloat32.class); }
}
