package io.fer4j.callbacks;

import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import java.util.List;
import java.util.Map;

/**
 * Keras ReduceLROnPlateau: multiplies the learning rate by {@code factor} (not below
 * {@code minLr}) when the monitored metric has not improved for {@code patience} epochs, then
 * waits {@code cooldown} epochs. Works because the rate lives in a graph variable.
 */
public final class ReduceLROnPlateau implements Callback {
  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final double minDelta;
  private final int cooldown;
  private final double minLr;
  private double best = Double.NaN;
  private int wait;
  private int cooldownLeft;

  public ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
    if (!(factor > 0 && factor < 1)) throw new io.fer4j.Fer4jException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
    this.monitor = new Monitor(monitor, "auto");
    this.factor = factor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
  }

  @Override
  public void onTrainBegin(TrainingContext model, List<String> metricNames) {
    monitor.resolve(metricNames);
  }

  @Override
  public void onEpochEnd(TrainingContext model, int epoch, Map<String, Double> logs) {
    double current = monitor.value(logs);
    if (cooldownLeft > 0) {
      cooldownLeft--;
      wait = 0;
    }
    if (monitor.improved(current, best, minDelta)) {
      best = current;
      wait = 0;
    } else if (cooldownLeft == 0 && ++wait >= patience) {
      double lr = model.learningRate();
      if (lr > minLr) {
        double next = Math.max(lr * factor, minLr);
        model.setLearningRate(next);
        if (model.verbose()) model.out().printf("Epoch %d: ReduceLROnPlateau reducing learning rate to %.4g.%n", epoch + 1, next);
        cooldownLeft = cooldown;
        wait = 0;
      }
    }
  }
}
