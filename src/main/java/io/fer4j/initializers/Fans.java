package io.fer4j.initializers;

/** Keras' {@code compute_fans}: the receptive field (all but the last two dims) folds into both fans. */
final class Fans {
  private Fans() {}

  static double[] of(long[] shape) {
    if (shape.length == 0) return new double[] {1, 1};
    if (shape.length == 1) return new double[] {shape[0], shape[0]};
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) receptive *= shape[i];
    return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }

  static int count(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    if (n > Integer.MAX_VALUE) throw new io.fer4j.Fer4jException("weight of shape " + java.util.Arrays.toString(shape) + " is too large");
    return (int) n;
  }

  /** TF's truncated normal: N(mean, stddev) redrawn until within two standard deviations. */
  static double truncated(java.util.Random r, double mean, double stddev) {
    double g;
    do {
      g = r.nextGaussian();
    } while (Math.abs(g) > 2);
    return mean + stddev * g;
  }
}
