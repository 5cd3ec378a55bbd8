package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.layers.Weight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Reads and writes the values a {@link ModelGraph} holds (weights in Keras order, optimizer
 * iterations, learning rate and slots), checking every size first, so a wrong file or backup
 * fails with a message naming the weight instead of corrupting the session.
 */
final class GraphState {
  private GraphState() {}

  static List<float[]> weights(ModelGraph g) {
    return g.readFloats(new ArrayList<>(g.vars.values()));
  }

  static void setWeights(ModelGraph g, Map<Weight, String> paths, List<float[]> values) {
    List<Weight> ws = new ArrayList<>(g.vars.keySet());
    if (values.size() != ws.size()) throw new Fer4jException("expected " + ws.size() + " weight arrays, got " + values.size());
    Map<Operand<TFloat32>, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < ws.size(); i++) {
      Weight w = ws.get(i);
      if (values.get(i).length != w.size()) {
        throw new Fer4jException("weight " + paths.get(w) + " needs " + w.size() + " values " + Arrays.toString(w.shape()) + ", got " + values.get(i).length);
      }
      m.put(g.vars.get(w), values.get(i));
    }
    g.assignFloats(m);
    SharedWeights.wrote(g, ws);
  }

  /** The values of a map in the order of {@code weights}; every weight must have one. */
  static List<float[]> ordered(List<Weight> weights, Map<Weight, String> paths, Map<Weight, float[]> values) {
    List<float[]> ordered = new ArrayList<>();
    for (Weight w : weights) {
      float[] v = values.get(w);
      if (v == null) throw new Fer4jException("no value for weight " + paths.get(w));
      ordered.add(v);
    }
    return ordered;
  }

  static float learningRate(ModelGraph g) { return g.readFloats(List.of(g.learningRate)).get(0)[0]; }

  static void setLearningRate(ModelGraph g, double lr) { g.assignFloats(Map.of(g.learningRate, new float[] {(float) lr})); }

  static List<long[]> slotShapes(ModelGraph g) {
    List<long[]> out = new ArrayList<>();
    for (var v : g.slots) out.add(v.shape().asArray());
    return out;
  }

  static List<float[]> slots(ModelGraph g) { return g.readFloats(g.slots); }

  static void setOptimizerState(ModelGraph g, long iterations, List<float[]> slots) {
    if (slots.size() != g.slots.size()) throw new Fer4jException("optimizer state has " + slots.size() + " slot arrays, the model needs " + g.slots.size());
    Map<Operand<TFloat32>, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).length != g.slots.get(i).shape().size()) throw new Fer4jException("optimizer variable " + i + " has " + slots.get(i).length + " values, the model needs " + g.slots.get(i).shape().size());
      m.put(g.slots.get(i), slots.get(i));
    }
    g.assignFloats(m);
    g.assignIterations(iterations);
  }
}
