package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.BatchNormalization;
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
 */
final class SequentialConfig {
  private SequentialConfig() {}

  /** A Sequential, or for a functional config a Sequential (plain chain) or {@link FunctionalModel}. */
  static AutoCloseable buildAny(String source, JsonNode root, boolean preferFunctional) {
    String cls = root == null ? "" : root.path("class_name").asText("");
    if (cls.equals("Functional") || cls.equals("Model")) {
      checkModule(source, root, cls);
      return FunctionalConfig.build(source, root, preferFunctional);
    }
    return build(source, root);
  }

  static List<Layer> layersOf(AutoCloseable m) {
    return m instanceof Sequential s ? s.layers() : ((FunctionalModel) m).layers();
  }

  static void setWeights(AutoCloseable m, List<float[]> values) {
    if (m instanceof Sequential s) s.setWeights(values);
    else ((FunctionalModel) m).setWeights(values);
  }

  static Sequential build(String source, JsonNode root) {
    if (root == null || !root.isObject()) throw new Fer4jException(source + ": the model config is not a JSON object");
    String cls = root.path("class_name").asText("");
    checkModule(source, root, cls);
    if (!cls.equals("Sequential")) {
      throw new Fer4jException(source + ": model class '" + cls + "' is not supported (fer4j loads Sequential and single-input functional models only)");
    }
    JsonNode cfg = root.get("config");
    JsonNode layersNode = cfg != null && cfg.isArray() ? cfg : cfg == null ? null : cfg.get("layers");
    if (layersNode == null || !layersNode.isArray() || layersNode.isEmpty()) throw new Fer4jException(source + ": the Sequential config has no layers");
    String modelName = cfg.isObject() ? sanitize(cfg.path("name").asText("sequential")) : "sequential";

    List<JsonNode> entries = new ArrayList<>();
    layersNode.forEach(entries::add);
    InputLayer input = null;
    JsonNode first = entries.get(0);
    if ("InputLayer".equals(first.path("class_name").asText())) {
      checkModule(source, first, "InputLayer");
      input = inputLayer(new LayerConfig(source, "InputLayer", first.get("config")));
      entries.remove(0);
    }
    if (entries.isEmpty()) throw new Fer4jException(source + ": the Sequential config has no layers after its InputLayer");
    if (input == null) {
      LayerConfig c0 = new LayerConfig(source, first.path("class_name").asText("?"), first.get("config"));
      long[] shape = shapeFrom(c0);
      if (shape == null && cfg.isObject()) shape = dropBatch(source, cfg.get("build_input_shape"));
      if (shape == null) shape = dropBatch(source, root.path("build_config").get("input_shape"));
      if (shape == null) throw new Fer4jException(source + ": cannot tell the model's input shape (no InputLayer, batch_input_shape or build_input_shape)");
      input = new InputLayer(shape);
      input.setName(c0.name() == null ? "input_layer" : sanitize(c0.name() + "_input"));
    }

    Sequential model = new Sequential(modelName, input);
    List<Boolean> axis3 = new ArrayList<>();
    for (JsonNode e : entries) {
      if (!e.isObject()) throw new Fer4jException(source + ": a layer entry is not a JSON object");
      String lc = e.path("class_name").asText("");
      checkModule(source, e, lc);
      if (lc.equals("InputLayer")) throw new Fer4jException(source + ": an InputLayer in the middle of a Sequential is not supported");
      LayerConfig c = new LayerConfig(source, lc, e.get("config"));
      Layer layer = KerasLayers.create(c);
      if (c.name() != null) layer.setName(sanitize(c.name()));
      try {
        model.add(layer);
      } catch (Fer4jException ex) {
        throw c.fail(ex.getMessage());
      }
      axis3.add(layer instanceof BatchNormalization && KerasLayers.axisIs3(c.raw("axis")));
    }
    try {
      model.build();
    } catch (Fer4jException ex) {
      throw new Fer4jException(source + ": " + ex.getMessage(), ex);
    }
    for (int i = 0; i < axis3.size(); i++) {
      Layer l = model.layers().get(i);
      if (axis3.get(i) && l.inputShape().length != 3) throw new Fer4jException(source + ": layer BatchNormalization '" + l.name() + "': axis=3 is not the last axis of its input");
    }
    return model;
  }

  /** Built-in Keras objects only: a custom registered class or a foreign module is refused. */
  static void checkModule(String source, JsonNode obj, String cls) {
    JsonNode m = obj.get("module");
    if (m != null && !m.isNull()) {
      String mod = m.asText();
      boolean keras = mod.equals("keras") || mod.startsWith("keras.") || mod.equals("tf_keras") || mod.startsWith("tf_keras.");
      if (!keras) throw new Fer4jException(source + ": " + cls + " comes from module '" + mod + "' (fer4j reads built-in Keras classes only)");
    }
    JsonNode r = obj.get("registered_name");
    if (r != null && !r.isNull() && !r.asText().equals(cls)) {
      throw new Fer4jException(source + ": custom class '" + r.asText() + "' is not supported (fer4j reads built-in Keras classes only)");
    }
  }

  static InputLayer inputLayer(LayerConfig c) {
    c.requireFloat32();
    c.requireDefault("sparse", false);
    c.requireDefault("ragged", false);
    long[] shape = shapeFrom(c);
    if (shape == null) throw c.fail("no batch_shape, shape, batch_input_shape or input_shape");
    InputLayer in = new InputLayer(shape);
    if (c.name() != null) in.setName(sanitize(c.name()));
    return in;
  }

  private static long[] shapeFrom(LayerConfig c) {
    for (String k : new String[] {"batch_shape", "batch_input_shape"}) {
      if (c.has(k)) return dims(c, c.raw(k), true);
    }
    for (String k : new String[] {"shape", "input_shape"}) {
      if (c.has(k)) return dims(c, c.raw(k), false);
    }
    return null;
  }

  private static long[] dims(LayerConfig c, JsonNode arr, boolean hasBatch) {
    if (!arr.isArray() || arr.size() < (hasBatch ? 2 : 1)) throw c.fail("bad input shape " + arr);
    int from = hasBatch ? 1 : 0;
    long[] s = new long[arr.size() - from];
    for (int i = from; i < arr.size(); i++) {
      JsonNode d = arr.get(i);
      if (!d.isIntegralNumber() || d.asLong() <= 0) throw c.fail("input shape " + arr + " must have fixed positive dimensions after the batch");
      s[i - from] = d.asLong();
    }
    return s;
  }

  private static long[] dropBatch(String source, JsonNode arr) {
    if (arr == null || arr.isNull()) return null;
    return dims(new LayerConfig(source, "Sequential", null), arr, true);
  }

  /** TF op names allow [A-Za-z0-9_.-]; other characters (never in Keras' own names) become '_'. */
  static String sanitize(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) && s.charAt(0) != '.' ? "l" + s : s;
  }
}
