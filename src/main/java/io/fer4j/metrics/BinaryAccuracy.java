package io.fer4j.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras {@code BinaryAccuracy(threshold)}: {@code (output > threshold) == label} per element, averaged over the sample's elements. */
public class BinaryAccuracy extends MeanMetric {
  private final double threshold;

  public BinaryAccuracy() { this(0.5); }

  public BinaryAccuracy(double threshold) {
    super("binary_accuracy");
    this.threshold = threshold;
  }

  public double threshold() { return threshold; }

  @Override public String className() { return "BinaryAccuracy"; }

  @Override
  protected Operand<TFloat32> values(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs) {
    Operand<TFloat32> pred = tf.dtypes.cast(tf.math.greater(outputs, tf.constant((float) threshold)), TFloat32.class);
    return tf.math.mean(matches(tf, tf.math.equal(labels, pred)), tf.constant(-1));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("threshold", threshold);
  }
}
