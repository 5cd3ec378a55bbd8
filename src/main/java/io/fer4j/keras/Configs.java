package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.Layer;
import io.fer4j.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point from a Keras model config (the {@code config.json} of a {@code .keras}, an
 * HDF5 {@code model_config}, fer4j's {@code keras_config}) to a {@link Model}: dispatches on
 * {@code class_name} (Sequential, Functional / tf.keras {@code Model}) and holds what both
 * readers share: the built-in-class check, InputLayer shapes, TF-safe names, and layers that are
 * themselves models.
 */
final class Configs {
  private Configs() {}

  /** Checks that need every shape: BatchNormalization axis=3 must be the last axis. */
  static final class Context {
    final List<Layer> axis3 = new ArrayList<>();
  }

  static Model model(String source, JsonNode root) {
    Context ctx = new Context();
    Model m = model(source, root, ctx);
    checkAxis3(source, ctx);
    // a model that rescales its own input takes raw pixels
    for (io.fer4j.layers.Layer l : m.layers()) {
      if (l instanceof InputLayer) continue;
      if (l instanceof io.fer4j.layers.Rescaling) m.setInputScaling(1, 0);
      break;
    }
    return m;
  }

  static Model model(String source, JsonNode root, Context ctx) {
    if (root == null || !root.isObject()) throw new Fer4jException(source + ": the model config is not a JSON object");
    String cls = root.path("class_name").asText("");
    checkModule(source, root, cls);
    if (cls.equals("Functional") || cls.equals("Model")) return FunctionalConfig.build(source, root, ctx);
    if (cls.equals("Sequential")) return SequentialConfig.build(source, root, ctx);
    throw new Fer4jException(source + ": model class '" + cls + "' is not supported (fer4j loads Sequential and Functional models)");
  }

  /** A layer entry: a nested model or a built-in layer. */
  static Layer layer(String source, JsonNode entry, LayerConfig c, Context ctx) {
    String cls = c.className();
    if (cls.equals("Sequential") || cls.equals("Functional") || cls.equals("Model")) {
      Model sub = model(source, entry, ctx);
      if (!c.getBool("trainable", true)) sub.setTrainable(false);
      return sub;
    }
    Layer l = KerasLayers.create(c);
    if (l instanceof BatchNormalization && KerasLayers.axisIs3(c.raw("axis"))) ctx.axis3.add(l);
    return l;
  }

  static void checkAxis3(String source, Context ctx) {
    for (Layer l : ctx.axis3) {
      if (l.isBuilt() && l.inputShape().length != 3) throw new Fer4jException(source + ": layer BatchNormalization '" + l.name() + "': axis=3 is not the last axis of its input");
    }
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

  static long[] shapeFrom(LayerConfig c) {
    for (String k : new String[] {"batch_shape", "batch_input_shape"}) {
      if (c.has(k)) return dims(c, c.raw(k), true);
    }
    for (String k : new String[] {"shape", "input_shape"}) {
      if (c.has(k)) return dims(c, c.raw(k), false);
    }
    return null;
  }

  static long[] dims(LayerConfig c, JsonNode arr, boolean hasBatch) {
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

  /** TF op names allow [A-Za-z0-9_.-]; other characters (never in Keras' own names) become '_'. */
  static String sanitize(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) && s.charAt(0) != '.' ? "l" + s : s;
  }
}
