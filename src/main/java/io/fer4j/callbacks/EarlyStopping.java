package io.fer4j.callbacks;

import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import java.util.List;
import java.util.Map;

/**
 * Keras EarlyStopping: stops fit when the monitored metric has not improved by {@code minDelta}
 * for {@code patience} epochs; with {@code restoreBestWeights} the model ends with the weights of
 * its best epoch.
 */
public final class EarlyStopping implements Callback {
  private final Monitor monitor;
  private final double minDelta;
  private final int patience;
  private final boolean restoreBestWeights;
  private double best = Double.NaN;
  private int wait;
  private List<float[]> bestWeights;
  private int stoppedEpoch = -1;

  public EarlyStopping(String monitor, String mode, double minDelta, int patience, boolean restoreBestWeights) {
    this.monitor = new Monitor(monitor, mode);
    this.minDelta = Math.abs(minDelta);
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
  }

  @Override
  public void onTrainBegin(TrainingContext model, List<String> metricNames) {
    monitor.resolve(metricNames);
    wait = 0;
    best = Double.NaN;
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    double current = monitor.value(logs);
    if (monitor.improved(current, best, minDelta)) {
      best = current;
      wait = 0;
      if (restoreBestWeights) bestWeights = model.getWeights();
      return;
    }
    wait++;
    if (wait >= patience) {
      stoppedEpoch = epoch;
      model.stopTraining();
      if (model.verbose()) model.out().printf("Epoch %d: early stopping (%s did not improve for %d epochs)%n", epoch + 1, monitor.name(), patience);
    }
  }

  @Override
  public void onTrainEnd(TrainingContext model) {
    if (restoreBestWeights && bestWeights != null && stoppedEpoch >= 0) {
      model.setWeights(bestWeights);
      if (model.verbose()) model.out().printf("Restoring model weights from the end of the best epoch (%s %.5f).%n", monitor.name(), best);
    }
  }

  /** Zero-based epoch at which training stopped, or -1. */
  public int stoppedEpoch() { return stoppedEpoch; }
}
