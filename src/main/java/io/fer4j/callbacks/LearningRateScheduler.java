package io.fer4j.callbacks;

import io.fer4j.Fer4jException;
import io.fer4j.model.Callback;
import io.fer4j.model.TrainingContext;

/**
 * Keras LearningRateScheduler: sets the learning rate at the start of each epoch from
 * {@code schedule(epoch, currentLr)}. Because the rate is a function of the epoch index, a run
 * resumed by BackupAndRestore continues on the same curve.
 */
public final class LearningRateScheduler implements Callback {
  /** Keras' schedule signature: (epoch index from 0, current rate) to the new rate. */
  @FunctionalInterface
  public interface Schedule {
    double apply(int epoch, double lr);
  }

  private final Schedule schedule;

  public LearningRateScheduler(Schedule schedule) {
    this.schedule = schedule;
  }

  /**
   * Cosine decay per epoch, as keras.optimizers.schedules.CosineDecay with
   * {@code decay_steps = epochs}: {@code initial * ((1 - alpha) * 0.5 * (1 + cos(pi * e / epochs)) + alpha)}.
   */
  public static LearningRateScheduler cosineDecay(double initial, int epochs, double alpha) {
    if (!(initial > 0)) throw new Fer4jException("cosine decay: initial learning rate must be positive, got " + initial);
    if (epochs <= 0) throw new Fer4jException("cosine decay: epochs must be positive, got " + epochs);
    if (!(alpha >= 0 && alpha <= 1)) throw new Fer4jException("cosine decay: alpha must be in [0, 1], got " + alpha);
    return new LearningRateScheduler((e, lr) -> {
      double p = Math.min(e, epochs) / (double) epochs;
      return initial * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * p)) + alpha);
    });
  }

  /**
   * Cosine decay with a linear warmup per epoch, as keras.optimizers.schedules.CosineDecay(initial,
   * decay_steps=decayEpochs, alpha, warmup_target, warmup_steps=warmupEpochs): from {@code initial}
   * up to {@code warmupTarget} over the warmup epochs, then down to {@code alpha * warmupTarget}.
   */
  public static LearningRateScheduler cosineDecay(double initial, int decayEpochs, double alpha, double warmupTarget, int warmupEpochs) {
    if (!(initial >= 0)) throw new Fer4jException("cosine decay: initial learning rate must not be negative, got " + initial);
    if (!(warmupTarget > 0)) throw new Fer4jException("cosine decay: warmup target must be positive, got " + warmupTarget);
    if (warmupEpochs < 0) throw new Fer4jException("cosine decay: warmup epochs must not be negative, got " + warmupEpochs);
    LearningRateScheduler decay = cosineDecay(warmupTarget, decayEpochs, alpha);
    return new LearningRateScheduler((e, lr) -> e < warmupEpochs
        ? initial + (warmupTarget - initial) * e / warmupEpochs
        : decay.schedule.apply(e - warmupEpochs, lr));
  }

  /**
   * One-cycle (Smith and Topin 2017) in Keras' terms: CosineDecay warming up from max/25 to
   * {@code max} over the first 30% of the epochs, then decaying towards 1% of {@code max}
   * (decay_steps = the remaining epochs, alpha 0.01, as {@link #cosineDecay(double, int, double)}).
   */
  public static LearningRateScheduler oneCycle(double max, int epochs) {
    if (epochs < 2) throw new Fer4jException("one-cycle: needs at least 2 epochs, got " + epochs);
    int warmup = Math.max(1, (int) Math.round(0.3 * epochs));
    return cosineDecay(max / 25, epochs - warmup, 0.01, max, warmup);
  }

  @Override
  public void onEpochBegin(TrainingContext model, int epoch) {
    double lr = schedule.apply(epoch, model.learningRate());
    if (!(lr > 0) || Double.isInfinite(lr)) throw new Fer4jException("LearningRateScheduler: the schedule gave learning rate " + lr + " for epoch " + (epoch + 1));
    model.setLearningRate(lr);
    if (model.verbose()) model.out().printf("Epoch %d: LearningRateScheduler setting learning rate to %.4g.%n", epoch + 1, lr);
  }
}
