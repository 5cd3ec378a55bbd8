package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Weight;
import io.fer4j.model.Model;
import io.fer4j.optimizers.Adam;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores training state: compiles a loaded model when its Keras compile config is one fer4j
 * trains exactly (Adam without amsgrad/weight decay/clipping/EMA, constant learning rate,
 * categorical_crossentropy), and then loads the Adam variables. Anything else leaves the model
 * uncompiled (it still predicts exactly); {@link #reason} says why.
 */
final class CompileConfig {
  private CompileConfig() {}

  /** Why the last {@link #compile} returned false (for messages). */
  static String reason(JsonNode compile) {
    if (compile == null || compile.isNull()) return "no compile config";
    String loss = lossName(compile.get("loss"));
    if (!"categorical_crossentropy".equals(loss)) return "loss " + compile.get("loss") + " is not categorical_crossentropy";
    JsonNode opt = compile.has("optimizer") ? compile.get("optimizer") : compile.get("optimizer_config");
    String why = adamProblem(opt);
    return why == null ? "supported" : why;
  }

  /** Compiles {@code model} as the config says, if supported; returns whether it did. */
  static boolean compile(JsonNode compile, Model model) {
    if (!"supported".equals(reason(compile)) || model.outputs().size() != 1) return false;
    JsonNode opt = compile.has("optimizer") ? compile.get("optimizer") : compile.get("optimizer_config");
    JsonNode c = opt.get("config");
    Adam adam = new Adam(c.path("learning_rate").asDouble(1e-3), c.path("beta_1").asDouble(0.9),
        c.path("beta_2").asDouble(0.999), c.path("epsilon").asDouble(1e-7));
    model.compile(adam, "categorical_crossentropy", "accuracy");
    return true;
  }

  private static String lossName(JsonNode loss) {
    if (loss == null) return null;
    if (loss.isTextual()) return loss.asText();
    return null;
  }

  private static String adamProblem(JsonNode opt) {
    if (opt == null || !opt.isObject()) return "no optimizer";
    String cls = opt.path("class_name").asText();
    if (!cls.equals("Adam") && !cls.equals("Custom>Adam")) return "optimizer " + cls + " is not Adam";
    JsonNode c = opt.path("config");
    if (!c.path("learning_rate").isNumber()) return "learning_rate " + c.get("learning_rate") + " is not a constant";
    if (c.path("amsgrad").asBoolean(false)) return "amsgrad is not supported";
    if (c.path("use_ema").asBoolean(false)) return "use_ema is not supported";
    for (String k : new String[] {"weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "loss_scale_factor", "gradient_accumulation_steps"}) {
      JsonNode v = c.get(k);
      if (v != null && !v.isNull() && !(k.equals("weight_decay") && v.asDouble() == 0)) return k + " is not supported";
    }
    return null;
  }

  /**
   * Loads Adam state from {@code vars/0..N}: Keras 3 writes iterations, learning_rate, then m, v
   * per trainable variable; tf.keras 2.11+ writes iteration then m, v. A count that fits neither
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
   * Loads Adam state from datasets in file order. {@code names} (legacy HDF5 weight names, or
   * null) tell tf.keras' old optimizer layout, where all m slots precede all v slots.
   */
  static boolean restoreOptimizer(String source, List<Node> items, List<String> names, Model model) {
    if (!model.isCompiled()) return false;
    List<Weight> trainable = model.trainableWeights();
    int n = items.size();
    int slots = 2 * trainable.size();
    int first;
    if (n == slots + 2) first = 2;
    else if (n == slots + 1) first = 1;
    else return false;
    boolean blocked = names != null && first == 1 && slots >= 4 && names.get(1).endsWith("/m:0") && names.get(2).endsWith("/m:0");
    long iterations = H5.scalarLong(source, items.get(0), "optimizer iterations");
    if (iterations < 0) throw new Fer4jException(source + ": negative optimizer iterations " + iterations);
    List<float[]> values = new ArrayList<>();
    int t = trainable.size();
    for (int i = 0; i < slots; i++) {
      Weight w = trainable.get(i / 2);
      int at = blocked ? first + (i % 2 == 0 ? i / 2 : t + i / 2) : first + i;
      values.add(H5.floats(source, items.get(at), w.shape(), "optimizer variable " + at + " (" + (i % 2 == 0 ? "m" : "v") + " of " + w.path() + ")"));
    }
    model.setOptimizerState(iterations, values);
    if (first == 2) model.setLearningRate(H5.scalarFloat(source, items.get(1), "optimizer learning_rate"));
    return true;
  }
}
