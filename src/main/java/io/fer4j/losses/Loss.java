package io.fer4j.losses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A Keras 3 loss: per-sample values from labels and a {@link Prediction}, reduced with sample
 * weights as Keras' {@code Loss.__call__} does. Subclasses write Keras' formula with the same TF
 * ops (so gradients agree too); {@link #labelFormat} tells the data pipeline what to emit.
 */
public abstract class Loss {
  private String name;
  private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;
  private String identifier;

  protected Loss(String defaultName) { this.name = defaultName; }

  /** Keras class name, e.g. {@code CategoricalCrossentropy}. */
  public abstract String className();

  /** Per-sample loss, shape (B). */
  public abstract Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p);

  /** What labels this loss needs (one-hot unless sparse; one column for one-unit outputs). */
  public LabelFormat labelFormat(int outputUnits) { return outputUnits == 1 ? LabelFormat.BINARY : LabelFormat.ONE_HOT; }

  /** Keras' {@code loss(y_true, y_pred, sample_weight)}: the reduced scalar. */
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> labels, Prediction p, Operand<TFloat32> sampleWeights) {
    return reduction.reduce(tf, perSample(tf, labels, p), sampleWeights);
  }

  public String name() { return name; }

  public Loss name(String n) {
    this.name = n;
    return this;
  }

  public Reduction reduction() { return reduction; }

  public Loss reduction(Reduction r) {
    this.reduction = r;
    return this;
  }

  /** The Keras string this loss was made from ({@code "mse"}), written back as is, or null. */
  public String identifier() { return identifier; }

  Loss identifier(String id) {
    this.identifier = id;
    return this;
  }

  /** Keras get_config keys: name, reduction, then the subclass' own. */
  public void writeConfig(ObjectNode c) {
    c.put("name", name);
    c.put("reduction", reduction.kerasName());
  }

  @Override
  public String toString() { return className() + "(" + name + ")"; }

  /** Mean over the last axis, as Keras' elementwise losses reduce each sample. */
  static Operand<TFloat32> meanLast(Ops tf, Operand<TFloat32> x) { return tf.math.mean(x, tf.constant(-1)); }

  static Operand<TFloat32> epsilon(Ops tf) { return tf.constant(1e-7f); }
}
