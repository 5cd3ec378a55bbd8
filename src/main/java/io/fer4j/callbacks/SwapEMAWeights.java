package io.fer4j.callbacks;

import io.fer4j.Fer4jException;
import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code SwapEMAWeights}: validation runs with the optimizer's moving averages of the
 * weights (Polyak averaging, {@code use_ema=True}) instead of the weights themselves, which are
 * swapped back before training goes on. With {@code swapOnEpoch} the averages also stay in the
 * model from each epoch's end to the next epoch's start, so ModelCheckpoint, EarlyStopping and
 * ReduceLROnPlateau see and save them; after the last epoch they are kept as the final weights.
 * Put it before the callbacks that should see the averages.
 */
public final class SwapEMAWeights implements Callback {
  private final boolean swapOnEpoch;

  public SwapEMAWeights(boolean swapOnEpoch) { this.swapOnEpoch = swapOnEpoch; }

  public SwapEMAWeights() { this(false); }

  @Override
  public void onTrainBegin(TrainingContext ctx, List<String> metricNames) {
    if (!ctx.usesEma()) throw new Fer4jException("SwapEMAWeights must be used when use_ema=True is set on the optimizer");
  }

  @Override
  public void onEpochBegin(TrainingContext ctx, int epoch) {
    if (swapOnEpoch && ctx.emaWeightsInModel()) ctx.swapEmaWeights();
  }

  @Override
  public void onEpochEnd(TrainingContext ctx, int epoch, Map<String, Double> logs) {
    if (swapOnEpoch && !ctx.emaWeightsInModel()) {
      ctx.swapEmaWeights();
      // fit ends by copying the averages into the weights: give them the averages back
      if (epoch == ctx.epochs() - 1) ctx.copyWeightsToEmaAverages();
    }
  }

  @Override
  public void onTestBegin(TrainingContext ctx) {
    if (!ctx.emaWeightsInModel()) ctx.swapEmaWeights();
  }

  @Override
  public void onTestEnd(TrainingContext ctx) {
    if (ctx.emaWeightsInModel()) ctx.swapEmaWeights();
  }
}
