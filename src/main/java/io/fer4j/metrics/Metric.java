package io.fer4j.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.losses.LabelFormat;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A Keras 3 stateful metric split in two: the graph computes one batch's increments of the
 * metric's state variables ({@link #update}, a vector), and Java sums them over the epoch and
 * turns the state into the value ({@link #result}), as Keras' {@code update_state} /
 * {@code result} do. So a metric streams over any number of batches without graph variables.
 */
public abstract class Metric {
  private String name;
  private String identifier;

  protected Metric(String defaultName) { this.name = defaultName; }

  /** Keras class name, e.g. {@code TopKCategoricalAccuracy}. */
  public abstract String className();

  /** Number of state values (the length of {@link #update}'s vector). */
  public abstract int stateSize();

  /** One batch's state increments from labels, outputs (B, units) and sample weights (B). */
  public abstract Operand<TFloat32> update(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs, Operand<TFloat32> sampleWeights);

  /** The metric's value from its accumulated state. */
  public abstract double result(double[] state);

  /** Whether the metric reads labels in this format (a sparse metric needs indices, others one-hot or 0/1 columns). */
  public boolean accepts(LabelFormat f) { return f != LabelFormat.SPARSE; }

  /** Whether a larger value is better (Keras' {@code _direction}), for monitors in auto mode. */
  public boolean higherIsBetter() { return true; }

  public String name() { return name; }

  public Metric name(String n) {
    this.name = n;
    return this;
  }

  /** The Keras string this metric came from ({@code "acc"}), written back as is, or null. */
  public String identifier() { return identifier; }

  Metric identifier(String id) {
    this.identifier = id;
    return this;
  }

  /** Keras get_config: name, dtype, then the subclass' own keys. */
  public void writeConfig(ObjectNode c) {
    c.put("name", name);
    c.put("dtype", "float32");
  }

  @Override
  public String toString() { return className() + "(" + name + ")"; }

  static double divNoNan(double a, double b) { return b == 0 ? 0 : a / b; }
}
