package io.fer4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras History: per-epoch metric values by name, filled by fit. */
public final class History implements Callback {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> history = new LinkedHashMap<>();

  @Override
  public void onEpochEnd(TrainingContext ctx, int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    for (Map.Entry<String, Double> e : logs.entrySet()) history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
  }

  public List<Integer> epochs() { return Collections.unmodifiableList(epochs); }

  /** Values of one metric, one per epoch. */
  public List<Double> get(String metric) { return history.getOrDefault(metric, List.of()); }

  public Map<String, List<Double>> asMap() { return Collections.unmodifiableMap(history); }

  /** The last epoch's value of a metric, or NaN. */
  public double last(String metric) {
    List<Double> v = get(metric);
    return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
  }
}
