package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.Layer;
import io.fer4j.model.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a {@link Sequential} from a Keras model config: the Keras 3 envelope
 * ({@code module}, {@code class_name}, {@code config}, {@code registered_name}) of {@code .keras}
 * files, or the legacy form (no module) of tf.keras 2.x files and HDF5 {@code model_config}. The
 * input shape comes from the InputLayer ({@code batch_shape}, {@code shape},
 * {@code batch_input_shape}, {@code input_shape}), else from the first layer or the build config.
 * A layer may itself be a model (a pretrained base inside a Sequential).
 */
final class SequentialConfig {
  private SequentialConfig() {}

  static Sequential build(String source, JsonNode root, Configs.Context ctx) {
    JsonNode cfg = root.get("config");
    JsonNode layersNode = cfg != null && cfg.isArray() ? cfg : cfg == null ? null : cfg.get("layers");
    if (layersNode == null || !layersNode.isArray() || layersNode.isEmpty()) throw new Fer4jException(source + ": the Sequential config has no layers");
    String modelName = cfg.isObject() ? Configs.sanitize(cfg.path("name").asText("sequential")) : "sequential";

    List<JsonNode> entries = new ArrayList<>();
    layersNode.forEach(entries::add);
    InputLayer input = null;
    JsonNode first = entries.get(0);
    if ("InputLayer".equals(first.path("class_name").asText())) {
      Configs.checkModule(source, first, "InputLayer");
      input = Configs.inputLayer(new LayerConfig(source, "InputLayer", first.get("config")));
      entries.remove(0);
    }
    if (entries.isEmpty()) throw new Fer4jException(source + ": the Sequential config has no layers after its InputLayer");
    if (input == null) {
      LayerConfig c0 = new LayerConfig(source, first.path("class_name").asText("?"), first.get("config"));
      long[] shape = Configs.shapeFrom(c0);
      if (shape == null && cfg.isObject()) shape = dropBatch(source, cfg.get("build_input_shape"));
      if (shape == null) shape = dropBatch(source, root.path("build_config").get("input_shape"));
      if (shape == null) throw new Fer4jException(source + ": cannot tell the model's input shape (no InputLayer, batch_input_shape or build_input_shape)");
      input = new InputLayer(shape);
      input.setName(c0.name() == null ? "input_layer" : Configs.sanitize(c0.name() + "_input"));
    }

    Sequential model = new Sequential(modelName, input);
    for (JsonNode e : entries) {
      if (!e.isObject()) throw new Fer4jException(source + ": a layer entry is not a JSON object");
      String lc = e.path("class_name").asText("");
      Configs.checkModule(source, e, lc);
      if (lc.equals("InputLayer")) throw new Fer4jException(source + ": an InputLayer in the middle of a Sequential is not supported");
      LayerConfig c = new LayerConfig(source, lc, e.get("config"));
      Layer layer = Configs.layer(source, e, c, ctx);
      if (c.name() != null) layer.setName(Configs.sanitize(c.name()));
      try {
        model.add(layer);
      } catch (Fer4jException ex) {
        throw c.fail(ex.getMessage());
      }
    }
    try {
      model.build();
    } catch (Fer4jException ex) {
      throw ex.getMessage().startsWith(source) ? ex : new Fer4jException(source + ": " + ex.getMessage(), ex);
    }
    if (cfg.isObject() && !cfg.path("trainable").asBoolean(true)) model.setTrainable(false);
    return model;
  }

  private static long[] dropBatch(String source, JsonNode arr) {
    if (arr == null || arr.isNull()) return null;
    return Configs.dims(new LayerConfig(source, "Sequential", null), arr, true);
  }
}
