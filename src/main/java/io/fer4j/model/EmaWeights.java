package io.fer4j.model;

import io.fer4j.Fer4jException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The trainable weights and the optimizer's moving averages of them (Keras {@code use_ema}):
 * what {@code finalize_variable_values} and the {@code SwapEMAWeights} callback do to them, on
 * the values in the session. Non-trainable weights (BatchNormalization's moving statistics) are
 * not averaged, as in Keras.
 */
final class EmaWeights {
  private EmaWeights() {}

  static boolean used(ModelGraph g) { return !g.emaAverages.isEmpty(); }

  private static List<Variable<TFloat32>> weights(ModelGraph g, String what) {
    if (!used(g)) throw new Fer4jException(what + " needs an optimizer with use_ema (e.g. new SGD(...).ema(0.99, null))");
    List<Variable<TFloat32>> ws = new ArrayList<>();
    for (var w : g.trainable) ws.add(g.vars.get(w));
    return ws;
  }

  /** Keras {@code finalize_variable_values}: every trainable weight takes its average's value. */
  static void weightsFromAverages(ModelGraph g) {
    copy(g, g.emaAverages, weights(g, "finalize_variable_values"));
    SharedWeights.wrote(g, g.trainable);
  }

  /** {@code SwapEMAWeights}' finalize: every average takes its weight's current value. */
  static void averagesFromWeights(ModelGraph g) { copy(g, weights(g, "SwapEMAWeights"), g.emaAverages); }

  /** Exchanges the values of each trainable weight and its average. */
  static void swap(ModelGraph g) {
    List<Variable<TFloat32>> ws = weights(g, "SwapEMAWeights");
    List<float[]> w = g.readFloats(ws);
    List<float[]> a = g.readFloats(g.emaAverages);
    Map<Operand<TFloat32>, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < ws.size(); i++) {
      m.put(ws.get(i), a.get(i));
      m.put(g.emaAverages.get(i), w.get(i));
    }
    g.assignFloats(m);
    SharedWeights.wrote(g, g.trainable);
  }

  private static void copy(ModelGraph g, List<Variable<TFloat32>> from, List<Variable<TFloat32>> to) {
    List<float[]> v = g.readFloats(from);
    Map<Operand<TFloat32>, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < to.size(); i++) m.put(to.get(i), v.get(i));
    g.assignFloats(m);
  }
}
