package io.fer4j.cli;

import io.fer4j.layers.Dropout;
import io.fer4j.layers.Layer;
import io.fer4j.layers.SoftmaxOutput;
import io.fer4j.layers.SpatialDropout2D;
import io.fer4j.model.Model;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.KerasImageModel;

/**
 * What a model's output row is, so that {@code predict} names it truthfully and never rescales
 * it: {@link #PROBABILITIES} when the model ends in softmax, {@link #RAW} otherwise (logits,
 * scores). A Keras model says so by its last layer; a SavedModel is a graph without layers, so
 * its rows are judged by their values (non-negative, summing to 1).
 */
enum OutputKind {
  PROBABILITIES("probabilities"),
  RAW("outputs");

  /** The JSON field the row is printed under. */
  final String field;

  OutputKind(String field) { this.field = field; }

  /** How far a softmax row's float32 sum may be from 1. */
  static final double SUM_TOLERANCE = 1e-3;

  /** The kind of every row the model produces, or null when only the values can tell (SavedModels). */
  static OutputKind of(ImageModel m) {
    if (m instanceof KerasImageModel k) return endsInSoftmax(k.model()) ? PROBABILITIES : RAW;
    return null;
  }

  /** The kind of one row: the model's when known, else judged from the values. */
  static OutputKind of(ImageModel m, float[] row) {
    OutputKind k = of(m);
    return k != null ? k : looksLikeProbabilities(row) ? PROBABILITIES : RAW;
  }

  static boolean looksLikeProbabilities(float[] row) {
    double sum = 0;
    for (float v : row) {
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    return Math.abs(sum - 1) <= SUM_TOLERANCE;
  }

  /**
   * Rows as probabilities for scoring: unchanged when they are, else softmax(row), which is what
   * Keras' crossentropy with {@code from_logits=True} scores. Argmax (the label) never changes.
   */
  static float[][] asProbabilities(ImageModel m, float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = of(m, rows[i]) == PROBABILITIES ? rows[i] : softmax(rows[i]);
    return out;
  }

  static float[] softmax(float[] row) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) max = Math.max(max, v);
    double sum = 0;
    double[] e = new double[row.length];
    for (int j = 0; j < row.length; j++) sum += e[j] = Math.exp(row[j] - max);
    float[] p = new float[row.length];
    for (int j = 0; j < row.length; j++) p[j] = (float) (e[j] / sum);
    return p;
  }

  /**
   * True when the first output comes from a softmax, looking through dropout (an identity at
   * inference), nested models and averages of softmaxes (fer4j's ensembles).
   */
  static boolean endsInSoftmax(Model m) { return softmaxed(m.outputs().get(0).node()); }

  private static boolean softmaxed(io.fer4j.layers.Node node) {
    Layer l = node.layer();
    if (l instanceof Model inner) return softmaxed(inner.outputs().get(0).node());
    if ((l instanceof Dropout || l instanceof SpatialDropout2D) && !node.inputs().isEmpty()) return softmaxed(node.inputs().get(0).node());
    if (l instanceof io.fer4j.layers.Average && !node.inputs().isEmpty()) {
      for (var t : node.inputs()) if (!softmaxed(t.node())) return false;
      return true;
    }
    return l instanceof SoftmaxOutput s && s.endsInSoftmax();
  }
}
