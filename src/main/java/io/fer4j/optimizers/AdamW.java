package io.fer4j.optimizers;

/**
 * Keras AdamW: Adam with decoupled weight decay on by default (weight_decay 0.004), applied by
 * the base optimizer as {@code var -= var * wd * lr} before the Adam update.
 */
public class AdamW extends Adam {
  public AdamW() { this(1e-3, 0.004); }

  public AdamW(double learningRate, double weightDecay) { this(learningRate, weightDecay, 0.9, 0.999, 1e-7); }

  public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
    super("adam_w", learningRate, beta1, beta2, epsilon);
    weightDecay(weightDecay);
  }

  @Override public String kerasClassName() { return "AdamW"; }
}
