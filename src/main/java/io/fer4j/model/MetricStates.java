package io.fer4j.model;

import io.fer4j.metrics.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * The streaming state of compiled metrics over an epoch (Keras' metric variables between
 * {@code reset_state} calls): each batch's increments, fetched from the graph, are summed here
 * and {@link #results} gives every metric's value so far, by its Keras name.
 */
final class MetricStates {
  private final List<Metric> metrics;
  private final double[][] state;

  MetricStates(List<Metric> metrics) {
    this.metrics = metrics;
    this.state = new double[metrics.size()][];
    for (int i = 0; i < state.length; i++) state[i] = new double[metrics.get(i).stateSize()];
  }

  /** Starts from saved states (a mid-epoch resume), or from zero when null. */
  MetricStates(List<Metric> metrics, double[][] initial) {
    this(metrics);
    if (initial == null) return;
    if (initial.length != state.length) throw new io.fer4j.Fer4jException("the backup holds " + initial.length + " metric states, the model compiles " + state.length + " metrics");
    for (int i = 0; i < state.length; i++) {
      if (initial[i].length != state[i].length) throw new io.fer4j.Fer4jException("the backup's state of metric " + metrics.get(i).name() + " has " + initial[i].length + " values, it needs " + state[i].length);
      state[i] = initial[i].clone();
    }
  }

  /** A copy of the states, for backups. */
  double[][] snapshot() {
    double[][] s = new double[state.length][];
    for (int i = 0; i < s.length; i++) s[i] = state[i].clone();
    return s;
  }

  /** Adds the increments found in {@code r} at positions {@code first, first + 1, ...}. */
  void add(Result r, int first) {
    for (int i = 0; i < state.length; i++) {
      float[] inc = io.fer4j.util.FloatTensors.floats((TFloat32) r.get(first + i));
      for (int j = 0; j < inc.length; j++) state[i][j] += inc[j];
    }
  }

  /** Each metric's current value, in compile order, names prefixed with {@code prefix} ("val_"). */
  Map<String, Double> results(String prefix) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < state.length; i++) out.put(prefix + metrics.get(i).name(), metrics.get(i).result(state[i]));
    return out;
  }
}
