package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.ElementwiseOp;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Layer;
import io.fer4j.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a Keras Functional model config ({@code Functional}, or {@code Model} in tf.keras 2)
 * as a {@link Model}: any DAG, several inputs and outputs, shared layers (one layer called by
 * several nodes), nested Functional/Sequential models as layers. {@code inbound_nodes} come in
 * the Keras 3 form ({@code args} holding {@code __keras_tensor__} objects with a
 * {@code keras_history}) or the legacy form ({@code [[["conv2d", 0, 0, {}]]]}). Nodes are
 * replayed as Keras' {@code functional_from_config} does: in layer order, deferring a call until
 * the tensors it reads exist.
 */
final class FunctionalConfig {
  private FunctionalConfig() {}

  /** One recorded call: the (layer, node, tensor) it reads, and whether it forces training=False. */
  private record Call(List<String[]> reads, Boolean training) {}

  static Model build(String source, JsonNode root, Configs.Context ctx) {
    JsonNode cfg = root.get("config");
    if (cfg == null || !cfg.isObject() || !cfg.path("layers").isArray()) throw new Fer4jException(source + ": the functional config has no layers");
    Map<String, Layer> layers = new LinkedHashMap<>();
    Map<String, List<Call>> calls = new LinkedHashMap<>();
    Map<String, Integer> firstNode = new HashMap<>();
    boolean legacy = false;
    for (JsonNode e : cfg.get("layers")) {
      JsonNode nodes = e.get("inbound_nodes");
      if (nodes != null && nodes.isArray() && !nodes.isEmpty() && nodes.get(0).isArray()) legacy = true;
    }
    for (JsonNode e : cfg.get("layers")) {
      String cls = e.path("class_name").asText("");
      Configs.checkModule(source, e, cls);
      LayerConfig c = new LayerConfig(source, cls, e.get("config"));
      String name = e.path("name").isTextual() ? e.get("name").asText() : c.name();
      if (name == null) throw c.fail("has no name");
      if (layers.containsKey(name)) throw c.fail("duplicate layer name");
      boolean op = isKerasOp(e, cls);
      Layer l = cls.equals("InputLayer") ? Configs.inputLayer(c) : op ? elementwiseOp(c, e.get("inbound_nodes")) : Configs.layer(source, e, c, ctx);
      l.setName(Configs.sanitize(name));
      layers.put(name, l);
      calls.put(name, parseCalls(c, e.get("inbound_nodes"), op));
      // tf.keras 2 counts a nested model's calls from 1 (its built-in node is 0); Keras 3.15
      // writes 0 for the first call and reads it as the last node, so both forms resolve here
      if (cls.equals("Functional") || cls.equals("Model") || legacy && cls.equals("Sequential")) firstNode.put(name, 1);
    }
    Map<String, List<KerasTensor>> produced = new HashMap<>();
    for (Map.Entry<String, Layer> e : layers.entrySet()) {
      if (e.getValue() instanceof InputLayer in) produced.put(e.getKey(), new ArrayList<>(List.of(in.output())));
    }
    // replay: keep passing over the layers until every call is made (Keras defers unresolved nodes)
    Map<String, Integer> done = new HashMap<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, List<Call>> e : calls.entrySet()) {
        Layer l = layers.get(e.getKey());
        if (l instanceof InputLayer) continue;
        int k = done.getOrDefault(e.getKey(), 0);
        while (k < e.getValue().size()) {
          List<KerasTensor> args = resolve(e.getValue().get(k), produced, firstNode);
          if (args == null) break;
          KerasTensor out;
          try {
            out = Boolean.FALSE.equals(e.getValue().get(k).training()) && args.size() == 1 ? l.apply(args.get(0), false) : l.apply(args);
          } catch (Fer4jException ex) {
            throw ex.getMessage().startsWith(source) ? ex : new Fer4jException(source + ": layer " + l.className() + " '" + e.getKey() + "': " + ex.getMessage(), ex);
          }
          produced.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(out);
          k++;
          progress = true;
        }
        done.put(e.getKey(), k);
      }
    }
    for (Map.Entry<String, List<Call>> e : calls.entrySet()) {
      if (done.getOrDefault(e.getKey(), 0) < e.getValue().size() && !(layers.get(e.getKey()) instanceof InputLayer)) {
        Call c = e.getValue().get(done.getOrDefault(e.getKey(), 0));
        for (String[] r : c.reads()) {
          if (!layers.containsKey(r[0])) throw new Fer4jException(source + ": layer '" + e.getKey() + "' reads '" + r[0] + "', which is not a layer of the model");
        }
        throw new Fer4jException(source + ": layer '" + e.getKey() + "' reads tensors that are never computed (a cycle or a missing call)");
      }
    }
    List<KerasTensor> ins = endpoints(source, cfg.get("input_layers"), produced, "input", firstNode);
    List<KerasTensor> outs = endpoints(source, cfg.get("output_layers"), produced, "output", firstNode);
    String modelName = Configs.sanitize(cfg.path("name").asText("functional"));
    try {
      Model m = new Model(modelName, ins, outs);
      if (!cfg.path("trainable").asBoolean(true)) m.setTrainable(false);
      return m;
    } catch (Fer4jException ex) {
      throw ex.getMessage().startsWith(source) ? ex : new Fer4jException(source + ": " + ex.getMessage(), ex);
    }
  }

  private static List<KerasTensor> resolve(Call call, Map<String, List<KerasTensor>> produced, Map<String, Integer> firstNode) {
    List<KerasTensor> args = new ArrayList<>();
    for (String[] r : call.reads()) {
      List<KerasTensor> outs = produced.get(r[0]);
      int node = Integer.parseInt(r[1]) - firstNode.getOrDefault(r[0], 0);
      if (node < 0) node = 0;
      if (outs == null || node >= outs.size()) return null;
      args.add(outs.get(node));
    }
    return args;
  }

  /** input_layers / output_layers: ["name", 0, 0] or [["name", 0, 0], ...]. */
  private static List<KerasTensor> endpoints(String source, JsonNode n, Map<String, List<KerasTensor>> produced, String what, Map<String, Integer> firstNode) {
    List<JsonNode> items = new ArrayList<>();
    if (n != null && n.isArray() && n.size() == 3 && n.get(0).isTextual()) items.add(n);
    else if (n != null && n.isArray()) n.forEach(items::add);
    if (items.isEmpty()) throw new Fer4jException(source + ": the functional config has no " + what + "_layers");
    List<KerasTensor> out = new ArrayList<>();
    for (JsonNode it : items) {
      if (!it.isArray() || it.size() < 1 || !it.get(0).isTextual()) throw new Fer4jException(source + ": unreadable " + what + "_layers entry " + it);
      String name = it.get(0).asText();
      int node = Math.max(0, (it.size() > 1 ? it.get(1).asInt() : 0) - firstNode.getOrDefault(it.get(0).asText(), 0));
      if (it.size() > 2 && it.get(2).asInt() != 0) throw new Fer4jException(source + ": " + what + " '" + name + "' is a multi-output layer's tensor " + it.get(2) + " (not supported)");
      List<KerasTensor> p = produced.get(name);
      if (p == null || node >= p.size()) throw new Fer4jException(source + ": the model " + what + " '" + name + "' is not computed by the config");
      out.add(p.get(node));
    }
    return out;
  }

  /**
   * A keras.ops operation in the graph: module {@code keras.src.ops.numpy}, or in a legacy HDF5
   * config (no modules) an Add/Multiply/... whose config is its name alone (layers write trainable).
   */
  private static boolean isKerasOp(JsonNode e, String cls) {
    if (ElementwiseOp.KERAS_MODULE.equals(e.path("module").asText())) return true;
    return !e.has("module") && ElementwiseOp.NAMES.contains(cls) && !e.path("config").has("trainable");
  }

  /** A Keras op node ({@code x + 3.0}): its constant argument comes from the call itself. */
  private static Layer elementwiseOp(LayerConfig c, JsonNode nodes) {
    if (c.className().equals("Flip")) {
      if (!c.has("axis")) throw c.fail("flips every axis (axis=None); fer4j flips one image axis");
      try {
        return new io.fer4j.layers.Flip(c.getInt("axis", 0));
      } catch (io.fer4j.Fer4jException e) {
        throw c.fail(e.getMessage()); // names the file and the layer
      }
    }
    if (!ElementwiseOp.NAMES.contains(c.className())) throw c.fail("unsupported Keras operation (fer4j runs " + ElementwiseOp.NAMES + " and Flip of keras.ops in a graph)");
    if (nodes == null || !nodes.isArray() || nodes.size() != 1 || !nodes.get(0).isObject()) throw c.fail("a Keras operation must be called exactly once");
    JsonNode args = nodes.get(0).get("args");
    if (args == null || !args.isArray() || args.size() != 2) throw c.fail("takes two arguments, got " + args);
    boolean firstNumber = args.get(0).isNumber();
    boolean secondNumber = args.get(1).isNumber();
    if (firstNumber && secondNumber) throw c.fail("has two constant arguments");
    if (!firstNumber && !secondNumber) return new ElementwiseOp(c.className(), null, false);
    return new ElementwiseOp(c.className(), (float) args.get(firstNumber ? 0 : 1).asDouble(), firstNumber);
  }

  private static List<Call> parseCalls(LayerConfig c, JsonNode nodes, boolean constantsAllowed) {
    List<Call> out = new ArrayList<>();
    if (nodes == null || nodes.isNull()) return out;
    if (!nodes.isArray()) throw c.fail("unreadable inbound_nodes");
    for (JsonNode node : nodes) {
      List<String[]> reads = new ArrayList<>();
      Boolean training = null;
      if (node.isObject()) { // Keras 3
        collect(c, node.get("args"), reads, constantsAllowed);
        training = kwargs(c, node.get("kwargs"));
      } else if (node.isArray()) { // legacy: [["name", node_index, tensor_index, {kwargs}], ...]
        for (JsonNode t : node) {
          if (!t.isArray() || t.size() < 3 || !t.get(0).isTextual()) throw c.fail("unreadable inbound node " + t);
          if (t.get(2).asInt() != 0) throw c.fail("reads tensor " + t.get(2) + " of multi-output layer '" + t.get(0).asText() + "' (not supported)");
          reads.add(new String[] {t.get(0).asText(), Integer.toString(t.get(1).asInt())});
          if (t.size() > 3) {
            Boolean tr = kwargs(c, t.get(3));
            if (tr != null) training = tr;
          }
        }
      } else {
        throw c.fail("unreadable inbound_nodes");
      }
      if (reads.isEmpty()) throw c.fail("a call reads no tensors");
      out.add(new Call(reads, training));
    }
    return out;
  }

  /** Call keyword arguments: {@code training} (False forces inference mode) and a null {@code mask}; others are refused. */
  private static Boolean kwargs(LayerConfig c, JsonNode kw) {
    if (kw == null || kw.isNull() || kw.isEmpty()) return null;
    if (!kw.isObject()) throw c.fail("unreadable call kwargs " + kw);
    Boolean training = null;
    for (Map.Entry<String, JsonNode> e : kw.properties()) {
      JsonNode v = e.getValue();
      if (e.getKey().equals("mask") && v.isNull()) continue;
      if (e.getKey().equals("training") && (v.isBoolean() || v.isNull())) {
        if (v.isBoolean() && !v.asBoolean()) training = Boolean.FALSE;
        else if (v.isBoolean()) throw c.fail("is called with training=True (always training mode is not supported)");
        continue;
      }
      throw c.fail("is called with keyword argument " + e.getKey() + "=" + v + " (not supported)");
    }
    return training;
  }

  private static void collect(LayerConfig c, JsonNode n, List<String[]> out, boolean constantsAllowed) {
    if (n == null || n.isNull()) return;
    if (constantsAllowed && n.isNumber()) return; // an op's scalar argument, held by the op
    if (n.isArray()) {
      for (JsonNode x : n) collect(c, x, out, constantsAllowed);
    } else if (n.isObject() && "__keras_tensor__".equals(n.path("class_name").asText())) {
      JsonNode h = n.path("config").path("keras_history");
      if (!h.isArray() || h.size() != 3 || !h.get(0).isTextual()) throw c.fail("unreadable keras_history " + h);
      if (h.get(2).asInt() != 0) throw c.fail("reads tensor " + h.get(2) + " of multi-output layer '" + h.get(0).asText() + "' (not supported)");
      out.add(new String[] {h.get(0).asText(), Integer.toString(h.get(1).asInt())});
    } else if (n.isObject()) {
      throw c.fail("takes a non-tensor argument " + n.path("class_name").asText("?") + " (not supported)");
    } else {
      throw c.fail("takes a constant argument " + n + " (not supported)");
    }
  }
}
