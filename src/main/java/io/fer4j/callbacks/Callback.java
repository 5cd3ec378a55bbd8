package io.fer4j.callbacks;

import io.fer4j.model.Sequential;
import java.util.List;
import java.util.Map;

/**
 * Keras-style training hooks. {@code logs} holds the epoch's metrics by Keras name (loss,
 * accuracy, val_loss, val_accuracy, learning_rate).
 */
public interface Callback {
  /** Called before the first epoch with the metric names this fit will log; reject bad settings here. */
  default void onTrainBegin(Sequential model, List<String> metricNames) {}

  default void onEpochBegin(Sequential model, int epoch) {}

  default void onEpochEnd(Sequential model, int epoch, Map<String, Double> logs) {}

  default void onTrainEnd(Sequential model) {}
}
