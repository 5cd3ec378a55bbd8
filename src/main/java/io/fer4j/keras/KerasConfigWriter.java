package io.fer4j.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.layers.Layer;
import io.fer4j.model.Sequential;
import io.fer4j.optimizers.Adam;

/**
 * Writes a Sequential's {@code config.json} with the key set every Keras 3.x reads (3.0–3.3 reject
 * keys added later, such as {@code ragged}, {@code optional}, {@code quantization_config} or
 * initializer {@code input_axes}): dtype as the string "float32", InputLayer {@code batch_shape},
 * no layer build configs, and a minimal Adam {@code compile_config} when the model is compiled.
 */
final class KerasConfigWriter {
  private KerasConfigWriter() {}

  static ObjectNode config(Sequential model) {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = om.createObjectNode();
    root.put("module", "keras");
    root.put("class_name", "Sequential");
    ObjectNode cfg = root.putObject("config");
    cfg.put("name", model.name());
    cfg.put("trainable", true);
    cfg.put("dtype", "float32");
    ArrayNode layers = cfg.putArray("layers");
    ObjectNode input = envelope(layers.addObject(), "InputLayer");
    ObjectNode ic = input.putObject("config");
    batchShape(ic.putArray("batch_shape"), model.inputShape());
    ic.put("dtype", "float32");
    ic.put("sparse", false);
    ic.put("name", model.inputLayer().name());
    input.putNull("registered_name");
    for (Layer l : model.layers()) {
      ObjectNode e = envelope(layers.addObject(), l.className());
      ObjectNode c = e.putObject("config");
      c.put("name", l.name());
      // Keras' SpatialDropout2D.__init__ takes no **kwargs and rejects "trainable"
      if (!l.className().equals("SpatialDropout2D")) c.put("trainable", l.isTrainable());
      c.put("dtype", "float32");
      l.writeConfig(c);
      e.putNull("registered_name");
    }
    root.putNull("registered_name");
    batchShape(root.putObject("build_config").putArray("input_shape"), model.inputShape());
    if (model.isCompiled()) compileConfig(root.putObject("compile_config"), model);
    return root;
  }

  private static ObjectNode envelope(ObjectNode o, String cls) {
    o.put("module", "keras.layers");
    o.put("class_name", cls);
    return o;
  }

  private static void batchShape(ArrayNode a, long[] shape) {
    a.addNull();
    for (long d : shape) a.add(d);
  }

  private static void compileConfig(ObjectNode cc, Sequential model) {
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
