package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes and layers between a model's inputs and outputs, ordered as Keras'
 * {@code map_graph} orders them: a depth-first walk from the outputs gives each layer its first
 * traversal index, depths grow towards the inputs, and layers are listed by decreasing depth, ties
 * by traversal index. That order is {@code model.layers}, which Keras uses for config order and
 * for the {@code layers/<class>_<n>} weight paths of a {@code .keras} file, so it must match.
 */
final class Topology {
  /** Nodes in execution order (inputs first); each node's inputs come before it. */
  final List<Node> nodes;
  /** Layers (input layers included) in Keras' {@code model.layers} order. */
  final List<Layer> layers;

  private Topology(List<Node> nodes, List<Layer> layers) {
    this.nodes = nodes;
    this.layers = layers;
  }

  static Topology of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    Set<Node> inputNodes = new HashSet<>();
    for (KerasTensor t : inputs) {
      if (!t.node().isInput()) throw new Fer4jException("model inputs must come from Input.of(...) (got " + t + ")");
      inputNodes.add(t.node());
    }
    List<Node> ordered = new ArrayList<>(); // from inputs to outputs
    Map<Layer, Integer> traversal = new IdentityHashMap<>();
    Set<Node> finished = new HashSet<>();
    Set<Node> inProgress = new HashSet<>();
    for (KerasTensor out : outputs) visit(out, inputNodes, finished, inProgress, ordered, traversal);

    Map<Node, Integer> nodeDepth = new HashMap<>();
    Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
    Set<Node> inGraph = new HashSet<>(ordered);
    for (int i = ordered.size() - 1; i >= 0; i--) {
      Node n = ordered.get(i);
      int depth = Math.max(nodeDepth.getOrDefault(n, 0), layerDepth.getOrDefault(n.layer(), 0));
      layerDepth.put(n.layer(), depth);
      nodeDepth.put(n, depth);
      for (KerasTensor t : n.inputs()) {
        Node parent = t.node();
        if (!inGraph.contains(parent)) continue;
        nodeDepth.put(parent, Math.max(depth + 1, nodeDepth.getOrDefault(parent, 0)));
      }
    }
    for (KerasTensor t : inputs) {
      if (!layerDepth.containsKey(t.layer())) { // an input no output depends on
        layerDepth.put(t.layer(), 0);
        traversal.put(t.layer(), -1);
        nodeDepth.put(t.node(), 0);
        ordered.add(0, t.node());
      }
    }
    List<Layer> layers = new ArrayList<>(layerDepth.keySet());
    layers.sort(Comparator.comparingInt((Layer l) -> -layerDepth.get(l)).thenComparingInt(traversal::get));
    // execution: by decreasing node depth (stable on the walk order), as Keras runs the graph
    List<Node> exec = new ArrayList<>(ordered);
    exec.sort(Comparator.comparingInt((Node n) -> -nodeDepth.get(n)));
    for (KerasTensor t : inputs) {
      if (!exec.contains(t.node())) throw new Fer4jException("model input " + t + " is not connected");
    }
    checkNames(layers);
    return new Topology(List.copyOf(exec), List.copyOf(layers));
  }

  private static void visit(KerasTensor t, Set<Node> inputNodes, Set<Node> finished, Set<Node> inProgress, List<Node> ordered, Map<Layer, Integer> traversal) {
    Node node = t.node();
    if (finished.contains(node)) return;
    if (node.isInput() && !inputNodes.contains(node)) {
      throw new Fer4jException("graph disconnected: " + t + " comes from input '" + node.layer().name() + "', which is not one of the model's inputs");
    }
    if (inProgress.contains(node)) throw new Fer4jException(t + " is part of a cycle");
    traversal.putIfAbsent(node.layer(), traversal.size());
    inProgress.add(node);
    for (KerasTensor in : node.inputs()) visit(in, inputNodes, finished, inProgress, ordered, traversal);
    finished.add(node);
    inProgress.remove(node);
    ordered.add(node);
  }

  private static void checkNames(List<Layer> layers) {
    Map<String, Layer> seen = new LinkedHashMap<>();
    for (Layer l : layers) {
      if (l.name() == null) continue;
      Layer other = seen.put(l.name(), l);
      if (other != null && other != l) throw new Fer4jException("the layer name '" + l.name() + "' is used twice in the model; layer names must be unique");
    }
  }

  /** Names unnamed layers as Keras does, snake_case class with {@code _1, _2...} unique in the model. */
  static void nameUnnamed(List<Layer> layers) {
    Set<String> used = new LinkedHashSet<>();
    for (Layer l : layers) if (l.name() != null) used.add(l.name());
    for (Layer l : layers) {
      if (l.name() != null) continue;
      String stem = Layer.snakeCase(l.className());
      String n = stem;
      for (int i = 1; used.contains(n); i++) n = stem + "_" + i;
      l.setName(n);
      used.add(n);
    }
  }

}
