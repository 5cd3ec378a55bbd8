package io.fer4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.layers.ElementwiseOp;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Node;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras' {@code model.get_config()} envelope for any model: a Sequential's layer list, or a
 * Functional model's layers with their {@code inbound_nodes} ({@code __keras_tensor__} args whose
 * {@code keras_history} names the producing layer and its call, re-indexed to the calls inside
 * this model, as Keras does) and {@code input_layers}/{@code output_layers}. Nested models are
 * written in place. Keys are the set every Keras 3.x reads: dtype as the string "float32",
 * InputLayer {@code batch_shape}, no per-layer build configs.
 */
public final class ModelConfig {
  private static final ObjectMapper OM = new ObjectMapper();

  private ModelConfig() {}

  /** The full envelope ({@code module}, {@code class_name}, {@code config}, ...), no compile config. */
  public static ObjectNode of(Model model) {
    ObjectNode root = OM.createObjectNode();
    if (model instanceof Sequential s) {
      root.put("module", "keras");
      root.put("class_name", "Sequential");
      ObjectNode cfg = root.putObject("config");
      common(cfg, model);
      ArrayNode layers = cfg.putArray("layers");
      layers.add(inputLayer(s.inputLayer(), false));
      for (Layer l : s.layers()) layers.add(layer(l));
      root.putNull("registered_name");
      batchShape(root.putObject("build_config").putArray("input_shape"), s.inputShape());
      return root;
    }
    root.put("module", "keras.src.models.functional");
    root.put("class_name", "Functional");
    ObjectNode cfg = root.putObject("config");
    common(cfg, model);
    Set<Node> inModel = new HashSet<>(model.topology().nodes);
    Map<Node, Integer> reindex = new IdentityHashMap<>();
    for (Layer l : model.layers()) {
      // calls counted from 0, as Keras 3.15 writes them even for a nested Functional model
      int k = 0;
      for (Node n : l.inboundNodes()) if (inModel.contains(n)) reindex.put(n, k++);
    }
    ArrayNode layers = cfg.putArray("layers");
    for (Layer l : model.layers()) {
      ObjectNode e = l instanceof InputLayer in ? inputLayer(in, true) : layer(l);
      layers.add(e);
      e.put("name", l.name());
      ArrayNode nodes = e.putArray("inbound_nodes");
      if (!(l instanceof InputLayer)) {
        for (Node n : l.inboundNodes()) {
          if (!inModel.contains(n)) continue;
          ObjectNode call = nodes.addObject();
          ArrayNode args = call.putArray("args");
          if (l instanceof ElementwiseOp op && op.constant() != null) {
            if (op.constantFirst()) args.add(op.constant().doubleValue());
            args.add(tensor(n.inputs().get(0), reindex));
            if (!op.constantFirst()) args.add(op.constant().doubleValue());
          } else if (l instanceof ElementwiseOp) {
            for (KerasTensor t : n.inputs()) args.add(tensor(t, reindex));
          } else if (n.inputs().size() == 1) args.add(tensor(n.inputs().get(0), reindex));
          else {
            ArrayNode list = args.addArray();
            for (KerasTensor t : n.inputs()) list.add(tensor(t, reindex));
          }
          call.putObject("kwargs");
        }
      }
    }
    cfg.set("input_layers", endpoints(model.inputs(), reindex));
    cfg.set("output_layers", endpoints(model.outputs(), reindex));
    root.put("registered_name", "Functional");
    root.putObject("build_config").putNull("input_shape");
    return root;
  }

  private static void common(ObjectNode cfg, Model model) {
    cfg.put("name", model.name());
    cfg.put("trainable", model.isTrainable());
  }

  private static ObjectNode inputLayer(InputLayer in, boolean functional) {
    ObjectNode e = OM.createObjectNode();
    e.put("module", "keras.layers");
    e.put("class_name", "InputLayer");
    ObjectNode c = e.putObject("config");
    batchShape(c.putArray("batch_shape"), in.shape());
    c.put("dtype", "float32");
    c.put("sparse", false);
    c.put("name", in.name());
    e.putNull("registered_name");
    return e;
  }

  private static ObjectNode layer(Layer l) {
    if (l instanceof Model m) return of(m);
    ObjectNode e = OM.createObjectNode();
    e.put("module", l.kerasModule());
    e.put("class_name", l.className());
    ObjectNode c = e.putObject("config");
    c.put("name", l.name());
    if (ElementwiseOp.KERAS_MODULE.equals(l.kerasModule())) {
      l.writeConfig(c); // a Keras op's config is its name and its own arguments (Flip's axis)
    } else {
      // Keras' SpatialDropout2D.__init__ takes no **kwargs and rejects "trainable"
      if (!l.className().equals("SpatialDropout2D")) c.put("trainable", l.isTrainable());
      c.put("dtype", "float32");
      l.writeConfig(c);
      weightOptions(l, c);
    }
    if (l.registeredName() == null) e.putNull("registered_name");
    else e.put("registered_name", l.registeredName());
    return e;
  }

  /** A layer's regularizers and constraints as Keras serializes them ({@code kernel_regularizer: {module, class_name, config}}). */
  private static void weightOptions(Layer l, ObjectNode c) {
    for (Map.Entry<String, io.fer4j.regularizers.Regularizer> e : l.weightRegularizers().entrySet()) {
      e.getValue().writeConfig(serialized(c.putObject(l.configStem(e.getKey()) + "_regularizer"), "keras.regularizers", e.getValue().kerasClassName()));
    }
    for (Map.Entry<String, io.fer4j.constraints.Constraint> e : l.weightConstraints().entrySet()) {
      e.getValue().writeConfig(serialized(c.putObject(l.configStem(e.getKey()) + "_constraint"), "keras.constraints", e.getValue().kerasClassName()));
    }
    if (l.activityRegularizer() != null) {
      l.activityRegularizer().writeConfig(serialized(c.putObject("activity_regularizer"), "keras.regularizers", l.activityRegularizer().kerasClassName()));
    }
  }

  private static ObjectNode serialized(ObjectNode o, String module, String cls) {
    o.put("module", module);
    o.put("class_name", cls);
    o.putNull("registered_name");
    return o.putObject("config");
  }

  private static ObjectNode tensor(KerasTensor t, Map<Node, Integer> reindex) {
    ObjectNode o = OM.createObjectNode();
    o.put("class_name", "__keras_tensor__");
    ObjectNode c = o.putObject("config");
    batchShape(c.putArray("shape"), t.shape());
    c.put("dtype", "float32");
    ArrayNode h = c.putArray("keras_history");
    h.add(t.layer().name()).add(reindex.getOrDefault(t.node(), 0)).add(0);
    return o;
  }

  /** One endpoint as Keras writes it ({@code ["name", 0, 0]}); several as a list of those. */
  private static ArrayNode endpoints(List<KerasTensor> ts, Map<Node, Integer> reindex) {
    ArrayNode a = OM.createArrayNode();
    for (KerasTensor t : ts) a.addArray().add(t.layer().name()).add(reindex.getOrDefault(t.node(), 0)).add(0);
    return ts.size() == 1 ? (ArrayNode) a.get(0) : a;
  }

  private static void batchShape(ArrayNode a, long[] shape) {
    a.addNull();
    for (long d : shape) a.add(d);
  }
}
