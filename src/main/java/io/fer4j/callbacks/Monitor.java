package io.fer4j.callbacks;

import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;

import io.fer4j.Fer4jException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A monitored metric and its direction, shared by ModelCheckpoint, EarlyStopping and
 * ReduceLROnPlateau. The seed notebook's "val_acc" and Keras' "val_accuracy" name the same metric
 * (in Keras the old spelling silently never saves); an unknown name fails before training.
 */
public final class Monitor {
  private final String requested;
  private String resolved;
  private final boolean maximize;

  public Monitor(String name, String mode) {
    this.requested = name;
    String m = mode == null ? "auto" : mode.toLowerCase(Locale.ROOT);
    switch (m) {
      case "max" -> maximize = true;
      case "min" -> maximize = false;
      case "auto" -> maximize = higherIsBetter(name);
      default -> throw new Fer4jException("mode must be auto, min or max, got '" + mode + "'");
    }
  }

  /** Keras 3 auto mode: a metric whose {@code _direction} is "up" (accuracies, precision, recall, auc) is maximised, loss minimised. */
  static boolean higherIsBetter(String name) {
    String n = name.startsWith("val_") ? name.substring(4) : name;
    return n.contains("acc") || n.startsWith("precision") || n.startsWith("recall") || n.startsWith("auc");
  }

  /** Maps the requested name onto one of the logged metric names, or fails. */
  public void resolve(List<String> logged) {
    String canonical = canonical(requested);
    for (String l : logged) {
      if (canonical(l).equals(canonical)) {
        resolved = l;
        return;
      }
    }
    throw new Fer4jException("unknown monitor '" + requested + "': this fit logs " + logged);
  }

  static String canonical(String name) {
    String n = name.trim();
    if (n.equals("acc")) return "accuracy";
    if (n.equals("val_acc")) return "val_accuracy";
    return n;
  }

  public String name() { return resolved == null ? requested : resolved; }

  public boolean maximize() { return maximize; }

  public double value(Map<String, Double> logs) {
    Double v = logs.get(name());
    return v == null ? Double.NaN : v;
  }

  /** True if {@code current} beats {@code best} by more than {@code minDelta}. */
  public boolean improved(double current, double best, double minDelta) {
    if (Double.isNaN(current)) return false;
    if (Double.isNaN(best)) return true;
    return maximize ? current - minDelta > best : current + minDelta < best;
  }
}
