package io.fer4j.metrics;

import io.fer4j.losses.LabelFormat;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras {@code CategoricalAccuracy}: argmax of the one-hot label equals argmax of the output (first maximum wins, as TF's ArgMax). */
public class CategoricalAccuracy extends MeanMetric {
  public CategoricalAccuracy() { super("categorical_accuracy"); }

  @Override public String className() { return "CategoricalAccuracy"; }

  @Override public boolean accepts(LabelFormat f) { return f == LabelFormat.ONE_HOT; }

  @Override
  protected Operand<TFloat32> values(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs) {
    return matches(tf, tf.math.equal(tf.math.argMax(labels, tf.constant(-1)), tf.math.argMax(outputs, tf.constant(-1))));
  }
}
