package io.fer4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras {@code CategoricalCrossentropy(from_logits, label_smoothing)} on one-hot labels: from the
 * softmax logits when the model ends in softmax or {@code from_logits} is set (TF's
 * softmax_cross_entropy_with_logits), else from probabilities renormalised and clipped to
 * [1e-7, 1 - 1e-7], as Keras' TF backend computes it.
 */
public class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;
  private final double labelSmoothing;

  public CategoricalCrossentropy() { this(false, 0); }

  public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("categorical_crossentropy");
    if (labelSmoothing < 0 || labelSmoothing > 1) throw new Fer4jException("label_smoothing must be in [0, 1], got " + labelSmoothing);
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  public boolean fromLogits() { return fromLogits; }
  public double labelSmoothing() { return labelSmoothing; }

  @Override public String className() { return "CategoricalCrossentropy"; }

  @Override public LabelFormat labelFormat(int outputUnits) { return LabelFormat.ONE_HOT; }

  @Override
  public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p) {
    Operand<TFloat32> y = labels;
    if (labelSmoothing > 0) {
      Operand<TFloat32> classes = lastDim(tf, labels);
      y = tf.math.add(tf.math.mul(y, tf.constant((float) (1 - labelSmoothing))), tf.math.div(tf.constant((float) labelSmoothing), classes));
    }
    Operand<TFloat32> logits = p.logitsOf("softmax");
    if (logits == null && fromLogits) logits = p.output();
    if (logits != null) return tf.nn.softmaxCrossEntropyWithLogits(logits, y).loss();
    Operand<TFloat32> out = p.output();
    Operand<TFloat32> norm = tf.math.div(out, tf.reduceSum(out, tf.constant(-1), ReduceSum.keepDims(true)));
    Operand<TFloat32> clipped = tf.clipByValue(norm, epsilon(tf), tf.constant(1f - 1e-7f));
    return tf.math.neg(tf.reduceSum(tf.math.mul(y, tf.math.log(clipped)), tf.constant(-1)));
  }

  /** Keras' {@code ops.shape(y_true)[-1]} as a float: static when the placeholder knows it. */
  static Operand<TFloat32> lastDim(Ops tf, Operand<TFloat32> labels) {
    long c = labels.shape().get(labels.shape().numDimensions() - 1);
    if (c > 0) return tf.constant((float) c);
    Operand<org.tensorflow.types.TInt32> s = tf.shape(labels);
    return tf.dtypes.cast(tf.gather(s, tf.constant(-1 + labels.shape().numDimensions()), tf.constant(0)), TFloat32.class);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
  }
}
