package io.fer4j.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.model.Model;
import io.fer4j.model.ModelConfig;

/**
 * Writes a model's {@code config.json}: the architecture from {@link ModelConfig} (the key set
 * every Keras 3.x reads) plus the optimizer's {@code compile_config} when the model is compiled.
 */
final class KerasConfigWriter {
  private KerasConfigWriter() {}

  static ObjectNode config(Model model) {
    ObjectNode root = ModelConfig.of(model);
    if (model.isCompiled()) compileConfig(root.putObject("compile_config"), model);
    return root;
  }

  private static void compileConfig(ObjectNode cc, Model model) {
    OptimizerConfig.write(cc.putObject("optimizer"), model.optimizer(), model.learningRate());
    cc.put("loss", "categorical_crossentropy");
    cc.putNull("loss_weights");
    cc.putArray("metrics").add("accuracy");
    cc.putNull("weighted_metrics");
    cc.put("run_eagerly", false);
    cc.put("steps_per_execution", 1);
    cc.put("jit_compile", false);
  }
}
