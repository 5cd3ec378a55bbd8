package io.fer4j.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.model.Model;
import io.fer4j.model.ModelConfig;

/**
 * Writes a model's {@code config.json}: the architecture from {@link ModelConfig} (the key set
 * every Keras 3.x reads) plus the {@code compile_config} (optimizer, loss, metrics) when the model is compiled.
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
    io.fer4j.losses.Losses.write(cc, "loss", model.compilation().loss());
    cc.putNull("loss_weights");
    com.fasterxml.jackson.databind.node.ArrayNode metrics = cc.putArray("metrics");
    for (io.fer4j.metrics.Metric m : model.compilation().metrics()) io.fer4j.metrics.Metrics.write(metrics, m);
    cc.putNull("weighted_metrics");
    cc.put("run_eagerly", false);
    cc.put("steps_per_execution", 1);
    cc.put("jit_compile", false);
  }
}
