package io.fer4j.optimizers;

import io.fer4j.Fer4jException;

/**
 * Keras Adam hyper-parameters (defaults learning_rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon
 * 1e-7). The update runs as TF's ApplyAdam kernel, which computes exactly Keras' update; the state
 * is kept in Keras' layout (iterations, learning_rate, then m and v per trainable variable) so it
 * can be written to and read from {@code .keras} files.
 */
public final class Adam {
  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  public Adam() { this(1e-3); }

  public Adam(double learningRate) { this(learningRate, 0.9, 0.999, 1e-7); }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    if (!(learningRate > 0)) throw new Fer4jException("Adam: learning_rate must be > 0, got " + learningRate);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new Fer4jException("Adam: beta_1 and beta_2 must be in [0, 1)");
    this.learningRate = (float) learningRate;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.epsilon = (float) epsilon;
  }

  public float learningRate() { return learningRate; }
  public float beta1() { return beta1; }
  public float beta2() { return beta2; }
  public float epsilon() { return epsilon; }
}
