package io.fer4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras {@code BinaryCrossentropy(from_logits, label_smoothing)}: per element, then the mean over
 * the last axis. From the sigmoid logits when the model ends in sigmoid (or {@code from_logits}),
 * with TF's sigmoid_cross_entropy_with_logits formula {@code max(x, 0) - x z + log1p(exp(-|x|))};
 * else from probabilities clipped to [1e-7, 1 - 1e-7]. Smoothing: {@code y (1 - s) + s / 2}.
 */
public class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;
  private final double labelSmoothing;

  public BinaryCrossentropy() { this(false, 0); }

  public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("binary_crossentropy");
    if (labelSmoothing < 0 || labelSmoothing > 1) throw new Fer4jException("label_smoothing must be in [0, 1], got " + labelSmoothing);
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  public boolean fromLogits() { return fromLogits; }
  public double labelSmoothing() { return labelSmoothing; }

  @Override public String className() { return "BinaryCrossentropy"; }

  @Override
  public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p) {
    Operand<TFloat32> y = labels;
    if (labelSmoothing > 0) y = tf.math.add(tf.math.mul(y, tf.constant((float) (1 - labelSmoothing))), tf.constant((float) (0.5 * labelSmoothing)));
    Operand<TFloat32> x = p.logitsOf("sigmoid");
    if (x == null && fromLogits) x = p.output();
    Operand<TFloat32> bce;
    if (x != null) {
      Operand<TFloat32> relu = tf.math.maximum(x, tf.constant(0f));
      bce = tf.math.add(tf.math.sub(relu, tf.math.mul(x, y)), tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(x)))));
    } else {
      Operand<TFloat32> o = tf.clipByValue(p.output(), epsilon(tf), tf.constant(1f - 1e-7f));
      Operand<TFloat32> pos = tf.math.mul(y, tf.math.log(o));
      Operand<TFloat32> neg = tf.math.mul(tf.math.sub(tf.constant(1f), y), tf.math.log(tf.math.sub(tf.constant(1f), o)));
      bce = tf.math.neg(tf.math.add(pos, neg));
    }
    return meanLast(tf, bce);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
  }
}
