package io.fer4j.callbacks;

import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras ModelCheckpoint: saves the model after an epoch, or only when the monitored metric
 * improves ({@code saveBestOnly}). The format follows the path (see {@link io.fer4j.model.Model#save}); the
 * write is atomic, so an interrupted run never leaves a half-written checkpoint.
 */
public final class ModelCheckpoint implements Callback {
  private final Path path;
  private final Monitor monitor;
  private final boolean saveBestOnly;
  private double best = Double.NaN;
  private int savedEpoch = -1;
  private boolean verbose = true;

  public ModelCheckpoint(Path path, String monitor, String mode, boolean saveBestOnly) {
    this.path = path;
    this.monitor = new Monitor(monitor, mode);
    this.saveBestOnly = saveBestOnly;
  }

  public ModelCheckpoint(Path path) { this(path, "val_loss", "auto", false); }

  /** Keras' {@code verbose}: false keeps this checkpoint silent (another one already reports). */
  public ModelCheckpoint verbose(boolean v) {
    verbose = v;
    return this;
  }

  @Override
  public void onTrainBegin(TrainingContext model, List<String> metricNames) {
    monitor.resolve(metricNames);
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    double current = monitor.value(logs);
    if (!saveBestOnly || monitor.improved(current, best, 0)) {
      if (saveBestOnly && verbose && model.verbose()) {
        model.out().printf("Epoch %d: %s improved from %s to %.5f, saving model to %s%n", epoch + 1, monitor.name(), previous(), current, path);
      }
      best = saveBestOnly ? current : best;
      model.save(path);
      savedEpoch = epoch;
    } else if (verbose && model.verbose()) {
      model.out().printf("Epoch %d: %s did not improve from %.5f%n", epoch + 1, monitor.name(), best);
    }
  }

  /** Keras prints -inf (or inf when minimizing) before the first save. */
  private String previous() {
    return Double.isNaN(best) ? (monitor.maximize() ? "-inf" : "inf") : String.format("%.5f", best);
  }

  /** The best monitored value seen so far (NaN before any save). */
  public double best() { return best; }

  /** Sets the best value, e.g. when a run resumes. */
  public void setBest(double best) { this.best = best; }

  /** Zero-based epoch of the last save, or -1. */
  public int savedEpoch() { return savedEpoch; }

  public String monitorName() { return monitor.name(); }
}
