package io.fer4j.metrics;

import io.fer4j.losses.LabelFormat;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras {@code SparseCategoricalAccuracy}: the class index label equals argmax of the output. */
public class SparseCategoricalAccuracy extends MeanMetric {
  public SparseCategoricalAccuracy() { super("sparse_categorical_accuracy"); }

  @Override public String className() { return "SparseCategoricalAccuracy"; }

  @Override public boolean accepts(LabelFormat f) { return f == LabelFormat.SPARSE; }

  @Override
  protected Operand<TFloat32> values(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs) {
    Operand<TFloat32> pred = tf.dtypes.cast(tf.math.argMax(outputs, tf.constant(-1)), TFloat32.class);
    return matches(tf, tf.math.equal(labels, pred));
  }
}
