package io.fer4j.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.losses.LabelFormat;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras {@code TopKCategoricalAccuracy(k)} and, with {@code sparse}, {@code SparseTopKCategoricalAccuracy(k)}:
 * whether the true class is among the k largest outputs, by TF's InTopK (ties at the k-th value count as in).
 */
public class TopKCategoricalAccuracy extends MeanMetric {
  private final int k;
  private final boolean sparse;

  public TopKCategoricalAccuracy() { this(5); }

  public TopKCategoricalAccuracy(int k) { this(k, false); }

  TopKCategoricalAccuracy(int k, boolean sparse) {
    super(sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy");
    if (k < 1) throw new Fer4jException("top-k accuracy needs k >= 1, got " + k);
    this.k = k;
    this.sparse = sparse;
  }

  /** Keras {@code SparseTopKCategoricalAccuracy(k)}: integer labels. */
  public static TopKCategoricalAccuracy sparse(int k) { return new TopKCategoricalAccuracy(k, true); }

  public int k() { return k; }

  @Override public String className() { return sparse ? "SparseTopKCategoricalAccuracy" : "TopKCategoricalAccuracy"; }

  @Override public boolean accepts(LabelFormat f) { return f == (sparse ? LabelFormat.SPARSE : LabelFormat.ONE_HOT); }

  @Override
  protected Operand<TFloat32> values(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs) {
    Operand<TInt32> target = sparse ? tf.dtypes.cast(labels, TInt32.class) : tf.dtypes.cast(tf.math.argMax(labels, tf.constant(-1)), TInt32.class);
    return matches(tf, tf.nn.inTopK(outputs, target, tf.constant(k)));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("k", k);
  }
}
