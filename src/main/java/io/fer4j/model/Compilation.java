package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.losses.LabelFormat;
import io.fer4j.losses.Loss;
import io.fer4j.losses.Losses;
import io.fer4j.metrics.Metric;
import io.fer4j.metrics.Metrics;
import io.fer4j.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code compile} fixed: the optimizer, the loss, the metrics (strings resolved as Keras'
 * compile_utils does, "accuracy" by the label shapes), and so the labels the data pipeline must
 * emit. Checked once here, so a loss/metric/output mismatch fails at compile in one line instead
 * of training on wrong labels. An uncompiled model evaluates with Keras' obvious default.
 */
public record Compilation(Optimizer optimizer, Loss loss, List<Metric> metrics, LabelFormat labelFormat) {
  public Compilation {
    metrics = List.copyOf(metrics);
  }

  /** Resolves and checks a compile call: metrics are {@link Metric}s or Keras strings. */
  static Compilation of(Model model, Optimizer optimizer, Loss loss, Object... metrics) {
    if (model.outputs().size() != 1) throw new Fer4jException("model '" + model.name() + "' has " + model.outputs().size() + " outputs; fer4j trains single-output models");
    if (loss == null) throw new Fer4jException("compile needs a loss (" + Losses.SUPPORTED + ")");
    int units = model.numOutputs();
    LabelFormat f = loss.labelFormat(units);
    if (f == LabelFormat.BINARY && model.outputShape().length != 1) throw new Fer4jException("loss " + loss.name() + " on output shape " + java.util.Arrays.toString(model.outputShape()) + ": fer4j feeds labels to (units) outputs only");
    List<Metric> ms = new ArrayList<>();
    Set<String> names = new HashSet<>(Set.of("loss"));
    for (Object o : metrics) {
      Metric m;
      if (o instanceof String s) m = Metrics.get(s, f);
      else if (o instanceof Metric mm) m = mm;
      else throw new Fer4jException("a metric is a Keras string or an io.fer4j.metrics.Metric, got " + o);
      if (!m.accepts(f)) {
        throw new Fer4jException("metric " + m.name() + " (" + m.className() + ") cannot read the " + f.name().toLowerCase(java.util.Locale.ROOT) + " labels of loss " + loss.name());
      }
      if (!names.add(m.name())) throw new Fer4jException("two metrics are named '" + m.name() + "'");
      ms.add(m);
    }
    return new Compilation(optimizer, loss, ms, f);
  }

  /**
   * What an uncompiled model is evaluated with: cross-entropy (binary for one unit) and accuracy;
   * null when it has no single (units) output to score.
   */
  static Compilation uncompiled(Model model) {
    if (model.outputs().size() != 1 || model.outputShape().length != 1) return null;
    String loss = model.numOutputs() == 1 ? "binary_crossentropy" : "categorical_crossentropy";
    return of(model, null, Losses.get(loss), "accuracy");
  }

  /** The metric that {@code Model.Evaluation.accuracy} reports whatever was compiled: argmax (or 0.5-threshold) accuracy. */
  Metric classificationAccuracy() { return Metrics.get("accuracy", labelFormat); }

  /**
   * fit's label smoothing changes the one-hot labels themselves, which Keras never feeds to its
   * metrics (its smoothing lives in the loss): only argmax metrics read them unchanged.
   */
  void checkLabelSmoothing(double s) {
    if (s <= 0) return;
    for (Metric m : metrics) {
      if (!(m instanceof io.fer4j.metrics.CategoricalAccuracy || m instanceof io.fer4j.metrics.TopKCategoricalAccuracy)) {
        throw new Fer4jException("label smoothing " + s + " with metric " + m.name() + ": it would read smoothed labels; use CategoricalCrossentropy(false, " + s + ") as the loss instead");
      }
    }
  }

  /** Refuses data whose samples or classes do not fit this model's input and labels. */
  void checkData(Model model, io.fer4j.data.Dataset d, String what) {
    if (model.inputs().size() != 1) throw new Fer4jException("model '" + model.name() + "' has " + model.inputs().size() + " inputs; datasets feed single-input models");
    if (!java.util.Arrays.equals(d.sampleShape(), model.inputShape())) {
      throw new Fer4jException(what + " has samples of shape " + java.util.Arrays.toString(d.sampleShape()) + " but the model takes " + java.util.Arrays.toString(model.inputShape()));
    }
    int classes = d.classes().size();
    if (labelFormat == LabelFormat.BINARY) {
      if (classes != 2) throw new Fer4jException(what + " has " + classes + " classes " + d.classes() + " but the model has 1 output unit (binary: 2 classes)");
    } else if (classes != model.numOutputs()) {
      throw new Fer4jException(what + " has " + classes + " classes " + d.classes() + " but the model has " + model.numOutputs() + " outputs");
    }
  }
}
