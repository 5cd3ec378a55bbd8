package io.fer4j.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a callback may see and change while a model trains (Keras callbacks reach the same
 * through {@code self.model}): weights, optimizer state, learning rate, the request to stop,
 * where to log, and saving. Callbacks depend on this, not on a concrete model class.
 */
public interface TrainingContext {
  /** Weight values in Keras {@code get_weights()} order. */
  List<float[]> getWeights();

  void setWeights(List<float[]> values);

  /** Optimizer steps taken so far (Keras {@code optimizer.iterations}). */
  long iterations();

  /** Optimizer slot values in Keras order (Adam: m, v per trainable weight). */
  List<float[]> optimizerSlots();

  void setOptimizerState(long iterations, List<float[]> slots);

  float learningRate();

  void setLearningRate(double lr);

  /** Asks fit to stop after the current epoch (Keras {@code model.stop_training = True}). */
  void stopTraining();

  /** Whether fit prints progress (callbacks print their messages only then). */
  boolean verbose();

  /** Where fit and callbacks print. */
  PrintStream out();

  /**
   * The current epoch's streaming metric states so far (Keras' metric variables), in compile
   * order; BackupAndRestore saves them to resume mid-epoch with exact epoch metrics.
   */
  double[][] runningMetricState();

  /** The epochs the running fit was asked for (Keras' callback {@code params["epochs"]}). */
  int epochs();

  /** Whether the optimizer keeps moving averages of the weights (Keras {@code use_ema}). */
  boolean usesEma();

  /** Exchanges each trainable weight with its moving average ({@code SwapEMAWeights}). */
  void swapEmaWeights();

  /** Whether the weights hold the moving averages now (an odd number of swaps). */
  boolean emaWeightsInModel();

  /** Sets each moving average to its weight's current value. */
  void copyWeightsToEmaAverages();

  /** Saves the model; the format follows the path (see {@link Model#save}). */
  void save(Path path);
}
