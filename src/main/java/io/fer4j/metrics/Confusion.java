package io.fer4j.metrics;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' metrics_utils.update_confusion_matrix_variables for one threshold, all elements
 * flattened (multi_label=False): labels cast to bool, {@code output > threshold} positive, the
 * sample weight broadcast over each sample's elements. State: true positives, false positives,
 * false negatives.
 */
abstract class Confusion extends Metric {
  final double threshold;

  Confusion(String name, double threshold) {
    super(name);
    this.threshold = threshold;
  }

  @Override public int stateSize() { return 3; }

  @Override
  public Operand<TFloat32> update(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs, Operand<TFloat32> sampleWeights) {
    Operand<TFloat32> y = tf.dtypes.cast(tf.math.notEqual(labels, tf.constant(0f)), TFloat32.class);
    Operand<TFloat32> p = tf.dtypes.cast(tf.math.greater(outputs, tf.constant((float) threshold)), TFloat32.class);
    Operand<TFloat32> w = tf.math.mul(tf.onesLike(outputs), tf.expandDims(sampleWeights, tf.constant(-1)));
    Operand<TFloat32> notY = tf.math.sub(tf.constant(1f), y);
    Operand<TFloat32> notP = tf.math.sub(tf.constant(1f), p);
    return tf.stack(List.of(sum(tf, y, p, w), sum(tf, notY, p, w), sum(tf, y, notP, w)));
  }

  private static Operand<TFloat32> sum(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, Operand<TFloat32> w) {
    return tf.reduceSum(tf.math.mul(tf.math.mul(a, b), w), tf.constant(new int[] {0, 1}));
  }

  @Override
  public void writeConfig(com.fasterxml.jackson.databind.node.ObjectNode c) {
    super.writeConfig(c);
    if (threshold == 0.5) c.putNull("thresholds");
    else c.put("thresholds", threshold);
    c.putNull("top_k");
    c.putNull("class_id");
  }
}
