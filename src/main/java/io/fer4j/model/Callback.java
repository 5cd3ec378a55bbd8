package io.fer4j.model;

import java.util.List;
import java.util.Map;

/**
 * Keras-style training hooks, given a {@link TrainingContext}. {@code logs} holds the epoch's
 * metrics by Keras name (loss, accuracy, val_loss, val_accuracy, learning_rate). The callbacks
 * Keras ships (ModelCheckpoint, EarlyStopping, ...) are in {@code io.fer4j.callbacks}.
 */
public interface Callback {
  /** Called before the first epoch with the metric names this fit will log; reject bad settings here. */
  default void onTrainBegin(TrainingContext ctx, List<String> metricNames) {}

  default void onEpochBegin(TrainingContext ctx, int epoch) {}

  /** After each training batch (zero-based within the epoch), before the next one starts. */
  default void onTrainBatchEnd(TrainingContext ctx, int batch) {}

  /**
   * The same, with Keras' batch logs: the epoch's running {@code loss} and {@code accuracy} so far.
   * Override one of the two; fit calls this one.
   */
  default void onTrainBatchEnd(TrainingContext ctx, int batch, Map<String, Double> logs) {
    onTrainBatchEnd(ctx, batch);
  }

  /** Before the validation pass at an epoch's end (Keras runs fit's validation with the same callbacks). */
  default void onTestBegin(TrainingContext ctx) {}

  default void onTestEnd(TrainingContext ctx) {}

  default void onEpochEnd(TrainingContext ctx, int epoch, Map<String, Double> logs) {}

  default void onTrainEnd(TrainingContext ctx) {}
}
