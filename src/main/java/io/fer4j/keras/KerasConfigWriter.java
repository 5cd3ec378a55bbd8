package io.fer4j.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.model.Model;
import io.fer4j.model.ModelConfig;
import io.fer4j.optimizers.Adam;

/**
 * Writes a model's {@code config.json}: the architecture from {@link ModelConfig} (the key set
 * every Keras 3.x reads) plus a minimal Adam {@code compile_config} when the model is compiled.
 */
final class KerasConfigWriter {
  private KerasConfigWriter() {}

  static ObjectNode config(Model model) {
    ObjectNode root = ModelConfig.of(model);
    if (model.isCompiled()) compileConfig(root.putObject("compile_config"), model);
    return root;
  }

  private static void compileConfig(ObjectNode cc, Model model) {
    Adam adam = model.optimizer();
    ObjectNode opt = cc.putObject("optimizer");
    opt.put("module", "keras.optimizers");
    opt.put("class_name", "Adam");
    ObjectNode c = opt.putObject("config");
    c.put("name", "adam");
    c.put("learning_rate", (double) model.learningRate());
    c.put("beta_1", (double) adam.beta1());
    c.put("beta_2", (double) adam.beta2());
    c.put("epsilon", (double) adam.epsilon());
    c.put("amsgrad", false);
    opt.putNull("registered_name");
    cc.put("loss", "categorical_crossentropy");
    cc.putNull("loss_weights");
    cc.putArray("metrics").add("accuracy");
    cc.putNull("weighted_metrics");
    cc.put("run_eagerly", false);
    cc.put("steps_per_execution", 1);
    cc.put("jit_compile", false);
  }
}
