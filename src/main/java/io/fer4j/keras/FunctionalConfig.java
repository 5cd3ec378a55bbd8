package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.Layer;
import io.fer4j.model.Sequential;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a Keras functional model config ({@code Functional}, or {@code Model} in tf.keras 2):
 * layers with {@code inbound_nodes} in the Keras 3 form ({@code args} holding
 * {@code __keras_tensor__} objects with a {@code keras_history}) or the legacy form
 * ({@code [[["conv2d", 0, 0, {}]]]}). One input, one output, each layer called once (no shared
 * layers). A plain chain becomes a {@link Sequential} (trainable, savable); a DAG with merges a
 * {@link FunctionalModel} (inference only).
 */
final class FunctionalConfig {
  private FunctionalConfig() {}

  static AutoCloseable build(String source, JsonNode root, boolean preferFunctional) {
    JsonNode cfg = root.get("config");
    if (cfg == null || !cfg.isObject() || !cfg.path("layers").isArray()) throw new Fer4jException(source + ": the functional config has no layers");
    String inName = single(source, cfg.get("input_layers"), "input");
    String outName = single(source, cfg.get("output_layers"), "output");
    Map<String, Integer> index = new HashMap<>();
    List<FunctionalModel.Node> nodes = new ArrayList<>();
    InputLayer input = null;
    boolean chain = true;
    for (JsonNode e : cfg.get("layers")) {
      String cls = e.path("class_name").asText("");
      SequentialConfig.checkModule(source, e, cls);
      LayerConfig c = new LayerConfig(source, cls, e.get("config"));
      String name = e.path("name").isTextual() ? e.get("name").asText() : c.name();
      if (name == null) throw c.fail("has no name");
      if (index.containsKey(name)) throw c.fail("duplicate layer name");
      List<String> inbound = inbound(c, e.get("inbound_nodes"));
      if (cls.equals("InputLayer")) {
        if (input != null || !name.equals(inName)) throw c.fail("fer4j supports functional models with exactly one input");
        input = SequentialConfig.inputLayer(c);
        index.put(name, 0);
        nodes.add(0, new FunctionalModel.Node(name, null, null, List.of()));
        continue;
      }
      if (input == null) throw c.fail("comes before the model's InputLayer");
      List<Integer> ins = new ArrayList<>();
      for (String s : inbound) {
        Integer k = index.get(s);
        if (k == null) throw c.fail("reads '" + s + "', which is not an earlier layer");
        ins.add(k);
      }
      if (ins.isEmpty()) throw c.fail("has no inputs");
      FunctionalModel.Node node;
      if (Merge.NAMES.contains(cls)) {
        c.requireFloat32();
        node = new FunctionalModel.Node(name, null, new Merge(cls, c.getInt("axis", -1)), ins);
        chain = false;
      } else {
        if (ins.size() != 1) throw c.fail("takes one input, got " + ins.size());
        Layer l = KerasLayers.create(c);
        l.setName(SequentialConfig.sanitize(name));
        node = new FunctionalModel.Node(name, l, null, ins);
        if (ins.get(0) != nodes.size() - 1) chain = false;
      }
      index.put(name, nodes.size());
      nodes.add(node);
    }
    if (input == null) throw new Fer4jException(source + ": the functional model has no InputLayer");
    if (!nodes.get(nodes.size() - 1).name().equals(outName)) {
      throw new Fer4jException(source + ": the output layer '" + outName + "' must be the last layer of the config");
    }
    if (nodes.size() < 2) throw new Fer4jException(source + ": the functional model has no layers after its input");
    String modelName = SequentialConfig.sanitize(cfg.path("name").asText("functional"));
    if (chain && !preferFunctional) {
      Sequential s = new Sequential(modelName, input);
      try {
        for (int i = 1; i < nodes.size(); i++) s.add(nodes.get(i).layer());
        s.build();
      } catch (Fer4jException ex) {
        throw ex.getMessage().startsWith(source) ? ex : new Fer4jException(source + ": " + ex.getMessage(), ex);
      }
      return s;
    }
    return new FunctionalModel(source, modelName, input.shape(), nodes);
  }

  /** input_layers / output_layers: ["name", 0, 0] or [["name", 0, 0]]; exactly one. */
  private static String single(String source, JsonNode n, String what) {
    if (n != null && n.isArray() && n.size() == 3 && n.get(0).isTextual()) return n.get(0).asText();
    if (n != null && n.isArray() && n.size() == 1 && n.get(0).isArray() && n.get(0).size() >= 1 && n.get(0).get(0).isTextual()) return n.get(0).get(0).asText();
    throw new Fer4jException(source + ": fer4j supports functional models with exactly one " + what + " (got " + n + ")");
  }

  /** Names of the layers feeding this one (in argument order); the layer must be called once. */
  private static List<String> inbound(LayerConfig c, JsonNode nodes) {
    List<String> out = new ArrayList<>();
    if (nodes == null || nodes.isNull() || nodes.isEmpty()) return out;
    if (nodes.size() != 1) throw c.fail("is called " + nodes.size() + " times (shared layers are not supported)");
    JsonNode node = nodes.get(0);
    if (node.isObject()) { // Keras 3
      collect(c, node.get("args"), out);
      if (node.path("kwargs").toString().contains("__keras_tensor__")) throw c.fail("takes tensors as keyword arguments (not supported)");
    } else if (node.isArray()) { // legacy: [["name", node_index, tensor_index, {kwargs}], ...]
      for (JsonNode t : node) {
        if (!t.isArray() || t.size() < 3 || !t.get(0).isTextual()) throw c.fail("unreadable inbound node " + t);
        if (t.get(1).asInt() != 0 || t.get(2).asInt() != 0) throw c.fail("reads a shared layer's or multi-output layer's tensor (not supported)");
        out.add(t.get(0).asText());
      }
    } else {
      throw c.fail("unreadable inbound_nodes");
    }
    return out;
  }

  private static void collect(LayerConfig c, JsonNode n, List<String> out) {
    if (n == null || n.isNull()) return;
    if (n.isArray()) {
      for (JsonNode x : n) collect(c, x, out);
    } else if (n.isObject() && "__keras_tensor__".equals(n.path("class_name").asText())) {
      JsonNode h = n.path("config").path("keras_history");
      if (!h.isArray() || h.size() != 3 || !h.get(0).isTextual()) throw c.fail("unreadable keras_history " + h);
      if (h.get(1).asInt() != 0 || h.get(2).asInt() != 0) throw c.fail("reads a shared layer's or multi-output layer's tensor (not supported)");
      out.add(h.get(0).asText());
    } else if (n.isObject()) {
      throw c.fail("takes a non-tensor argument " + n.path("class_name").asText("?") + " (not supported)");
    }
  }
}
