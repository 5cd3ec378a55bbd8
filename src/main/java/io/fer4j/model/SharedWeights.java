package io.fer4j.model;

import io.fer4j.layers.Weight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One value per weight, whatever models it is in. In Keras a layer's variables are shared by
 * every model that contains the layer (a loaded base under a new head, a nested model taken out
 * with {@code get_layer}, a feature extractor built on another model's tensors); in fer4j each
 * model has its own TF session, so each weight records which session wrote it last and a version,
 * and a session that holds an older version copies the value before it is used. A session that
 * closes keeps its last values here, so models built later still start from them.
 */
final class SharedWeights {
  private SharedWeights() {}

  /** Who holds a weight's current value: a live session, or the values its last session left. */
  static final class State {
    private java.lang.ref.WeakReference<ModelGraph> writer; // weak: a dropped model's graph must not stay reachable from here
    float[] snapshot;
    long version;

    ModelGraph writer() { return writer == null ? null : writer.get(); }
    void writer(ModelGraph g) { writer = g == null ? null : new java.lang.ref.WeakReference<>(g); }
  }

  private static final Map<Weight, State> STATES = new WeakHashMap<>();
  private static long clock;

  /**
   * The value a new graph should start {@code w} from: the current one if any model already
   * holds it, else null (use the initializer). Registers the graph as holding it.
   */
  static synchronized float[] adopt(ModelGraph g, Weight w) {
    State s = STATES.get(w);
    if (s == null) {
      s = new State();
      s.writer(g);
      s.version = ++clock;
      STATES.put(w, s);
      g.weightVersions.put(w, s.version);
      return null;
    }
    float[] v = current(s, w);
    g.weightVersions.put(w, s.version);
    if (v == null) { // nothing left to take it from: this graph's initializer value becomes current
      s.writer(g);
      s.version = ++clock;
      g.weightVersions.put(w, s.version);
    }
    return v;
  }

  /** Records that {@code g} has just written these weights. */
  static synchronized void wrote(ModelGraph g, Iterable<Weight> ws) {
    for (Weight w : ws) {
      State s = STATES.computeIfAbsent(w, k -> new State());
      s.writer(g);
      s.snapshot = null;
      s.version = ++clock;
      g.weightVersions.put(w, s.version);
    }
  }

  /** Brings every weight of {@code g} that another model has changed since up to date. */
  static synchronized void sync(ModelGraph g) {
    Map<Operand<TFloat32>, float[]> stale = new LinkedHashMap<>();
    for (Map.Entry<Weight, Long> e : g.weightVersions.entrySet()) {
      State s = STATES.get(e.getKey());
      if (s == null || s.version == e.getValue() || s.writer() == g) continue;
      float[] v = current(s, e.getKey());
      if (v != null) stale.put(g.vars.get(e.getKey()), v);
      e.setValue(s.version);
    }
    if (!stale.isEmpty()) g.assignFloats(stale);
  }

  /** Before {@code g} closes: keep the values of the weights it wrote last. */
  static synchronized void closing(ModelGraph g) {
    List<Weight> mine = new ArrayList<>();
    for (Map.Entry<Weight, Long> e : g.weightVersions.entrySet()) {
      State s = STATES.get(e.getKey());
      if (s != null && s.writer() == g) mine.add(e.getKey());
    }
    if (mine.isEmpty()) return;
    List<Operand<TFloat32>> vars = new ArrayList<>();
    for (Weight w : mine) vars.add(g.vars.get(w));
    List<float[]> values = g.readFloats(vars);
    for (int i = 0; i < mine.size(); i++) {
      State s = STATES.get(mine.get(i));
      s.snapshot = values.get(i);
      s.writer(null);
    }
  }

  private static float[] current(State s, Weight w) {
    ModelGraph from = s.writer();
    if (from != null) return from.readFloats(List.of(from.vars.get(w))).get(0);
    return s.snapshot == null ? null : s.snapshot.clone();
  }
}
