package io.fer4j.layers;

import java.util.Random;

/**
 * Keras weight initializers computed in Java from a seed, so that a model starts from the same
 * weights every run and the graph holds no large constant tensors.
 */
@FunctionalInterface
public interface Initializer {
  float[] values(long[] shape, Random random);

  /** Keras class name used in configs. */
  default String kerasName() { return "Initializer"; }

  Initializer ZEROS = new Named("Zeros", (shape, r) -> new float[(int) count(shape)]);
  Initializer ONES = new Named("Ones", (shape, r) -> {
    float[] v = new float[(int) count(shape)];
    java.util.Arrays.fill(v, 1f);
    return v;
  });

  /**
   * glorot_uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)), with the receptive
   * field folded into both fans as Keras' compute_fans does.
   */
  Initializer GLOROT_UNIFORM = new Named("GlorotUniform", (shape, r) -> {
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) receptive *= shape[i];
    long fanIn = shape.length >= 2 ? shape[shape.length - 2] * receptive : shape[0];
    long fanOut = shape.length >= 2 ? shape[shape.length - 1] * receptive : shape[0];
    double limit = Math.sqrt(6.0 / Math.max(1.0, fanIn + fanOut));
    float[] v = new float[(int) count(shape)];
    for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
    return v;
  });

  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  /** An initializer with its Keras class name. */
  record Named(String kerasName, Initializer body) implements Initializer {
    @Override
    public float[] values(long[] shape, Random random) { return body.values(shape, random); }
  }
}
