package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Weight;
import io.fer4j.losses.LabelFormat;
import io.fer4j.losses.Loss;
import io.fer4j.losses.Losses;
import io.fer4j.metrics.Metrics;
import io.fer4j.model.Model;
import io.fer4j.optimizers.Adam;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores training state: compiles a loaded model when its Keras compile config is one fer4j
 * trains exactly (SGD, RMSprop, Adam, AdamW, Adamax or Nadam with a constant learning rate, see
 * {@link OptimizerConfig}; a loss of {@link Losses} and metrics of {@link Metrics}), and then
 * loads the optimizer variables.
 * Anything else leaves the model uncompiled (it still predicts exactly); {@link #reason} says why.
 */
final class CompileConfig {
  private CompileConfig() {}

  /** Why {@link #compile} would return false, or "supported" (for messages). */
  static String reason(JsonNode compile, Model model) {
    if (compile == null || compile.isNull()) return "no compile config";
    String why = OptimizerConfig.problem(optimizer(compile));
    if (why != null) return why;
    try {
      compilation(compile, model);
      return "supported";
    } catch (Fer4jException e) {
      return e.getMessage();
    }
  }

  private static JsonNode optimizer(JsonNode compile) {
    return compile.has("optimizer") ? compile.get("optimizer") : compile.get("optimizer_config");
  }

  /** Compiles {@code model} as the config says, if supported; returns whether it did. */
  static boolean compile(JsonNode compile, Model model) {
    if (model.outputs().size() != 1 || !"supported".equals(reason(compile, model))) return false;
    Object[] lossAndMetrics = compilation(compile, model);
    model.compile(OptimizerConfig.read(optimizer(compile)), (Loss) lossAndMetrics[0], java.util.Arrays.copyOfRange(lossAndMetrics, 1, lossAndMetrics.length));
    return true;
  }

  /**
   * The loss and metrics of a compile config: Keras 3 {@code loss}/{@code metrics} or tf.keras 2's
   * training_config (a metrics list per output). Loss weights and weighted metrics are refused.
   */
  private static Object[] compilation(JsonNode cc, Model model) {
    Loss loss = Losses.fromConfig(cc.get("loss"));
    for (String k : new String[] {"loss_weights", "weighted_metrics"}) {
      JsonNode v = cc.get(k);
      if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) throw new Fer4jException(k + " " + v + " is not supported");
    }
    LabelFormat f = loss.labelFormat(model.numOutputs());
    List<Object> out = new ArrayList<>(List.of(loss));
    JsonNode ms = cc.get("metrics");
    if (ms != null && !ms.isNull()) {
      if (!ms.isArray()) throw new Fer4jException("metrics " + ms + " is not a list (fer4j trains single-output models)");
      for (JsonNode m : ms) {
        if (m.isArray()) for (JsonNode inner : m) out.add(Metrics.fromConfig(inner, f)); // tf.keras 2: one list per output
        else out.add(Metrics.fromConfig(m, f));
      }
    }
    return out.toArray();
  }

  /**
   * Loads optimizer state from {@code vars/0..N}: Keras 3 writes iterations, learning_rate, then the
   * slots in creation order; tf.keras 2.11+ Adam writes iteration then m, v. A count that fits neither
   * is skipped (Keras also keeps a fresh optimizer then), so the result tells whether it loaded.
   */
  static boolean restoreOptimizer(String source, Group vars, Model model) {
    if (vars == null) return false;
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < vars.getChildren().size(); i++) {
      Node n = vars.getChildren().get(Integer.toString(i));
      if (n == null) throw new Fer4jException(source + ": missing dataset " + vars.getPath() + "/" + i);
      items.add(n);
    }
    return restoreOptimizer(source, items, null, model);
  }

  /**
   * Loads optimizer state from datasets in file order. {@code names} (legacy HDF5 weight names, or
   * null) tell tf.keras' old optimizer layout, where all m slots precede all v slots.
   */
  static boolean restoreOptimizer(String source, List<Node> items, List<String> names, Model model) {
    if (!model.isCompiled()) return false;
    List<long[]> shapes = model.optimizerSlotShapes();
    int n = items.size();
    int slots = shapes.size();
    int first;
    if (n == slots + 2) first = 2;
    else if (n == slots + 1 && model.optimizer() instanceof Adam && !(model.optimizer() instanceof io.fer4j.optimizers.AdamW)) first = 1; // tf.keras 2.11+ Adam
    else return false;
    List<Weight> trainable = model.trainableWeights();
    int t = trainable.size();
    boolean blocked = names != null && first == 1 && slots >= 4 && names.get(1).endsWith("/m:0") && names.get(2).endsWith("/m:0");
    long iterations = H5.scalarLong(source, items.get(0), "optimizer iterations");
    if (iterations < 0) throw new Fer4jException(source + ": negative optimizer iterations " + iterations);
    List<float[]> values = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      int at = blocked ? first + (i % 2 == 0 ? i / 2 : t + i / 2) : first + i;
      values.add(H5.floats(source, items.get(at), shapes.get(i), "optimizer variable " + at));
    }
    model.setOptimizerState(iterations, values);
    if (first == 2) model.setLearningRate(H5.scalarFloat(source, items.get(1), "optimizer learning_rate"));
    return true;
  }
}
