package io.fer4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras {@code SparseCategoricalCrossentropy(from_logits)} on integer class indices (B): TF's
 * sparse_softmax_cross_entropy_with_logits on the softmax logits when the model ends in softmax
 * (or {@code from_logits}), else on {@code log(clip(p, 1e-7, 1 - 1e-7))}, as Keras' TF backend
 * does. {@code ignore_class} is not supported (refused when read from a config).
 */
public class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  public SparseCategoricalCrossentropy() { this(false); }

  public SparseCategoricalCrossentropy(boolean fromLogits) {
    super("sparse_categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() { return fromLogits; }

  @Override public String className() { return "SparseCategoricalCrossentropy"; }

  @Override public LabelFormat labelFormat(int outputUnits) { return LabelFormat.SPARSE; }

  @Override
  public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p) {
    Operand<TFloat32> logits = p.logitsOf("softmax");
    if (logits == null && fromLogits) logits = p.output();
    if (logits == null) logits = tf.math.log(tf.clipByValue(p.output(), epsilon(tf), tf.constant(1f - 1e-7f)));
    // TF's C API has no gradient for SparseSoftmaxCrossEntropyWithLogits: the dense op on one-hot
    // rows computes the same loss (log-sum-exp minus the label's logit) and gradient (softmax - y)
    Operand<TInt64> target = tf.dtypes.cast(labels, TInt64.class);
    int classes = (int) logits.shape().get(logits.shape().numDimensions() - 1);
    if (classes <= 0) throw new io.fer4j.Fer4jException("sparse_categorical_crossentropy needs a known number of classes, got output shape " + logits.shape());
    Operand<TFloat32> oneHot = tf.oneHot(target, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    return tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("from_logits", fromLogits);
    c.putNull("ignore_class");
  }
}
