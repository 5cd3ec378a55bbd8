package io.fer4j.initializers;

import io.fer4j.Fer4jException;
import io.fer4j.layers.Initializer;
import java.util.Random;

/**
 * Keras {@code RandomNormal(mean, stddev)}, {@code TruncatedNormal(mean, stddev)} (redrawn
 * beyond 2σ, as TF) and {@code RandomUniform(minval, maxval)}: {@code a, b} are mean and stddev,
 * or the bounds. Keras' defaults: stddev 0.05, bounds ±0.05.
 */
public record RandomDistribution(String kerasName, double a, double b) implements Initializer {
  public RandomDistribution {
    if (!java.util.List.of("RandomNormal", "TruncatedNormal", "RandomUniform").contains(kerasName)) throw new Fer4jException("unknown random initializer " + kerasName);
    if (kerasName.equals("RandomUniform") ? !(b >= a) : !(b > 0)) throw new Fer4jException(kerasName + ": bad parameters " + a + ", " + b);
  }

  public static RandomDistribution normal(double mean, double stddev) { return new RandomDistribution("RandomNormal", mean, stddev); }
  public static RandomDistribution truncatedNormal(double mean, double stddev) { return new RandomDistribution("TruncatedNormal", mean, stddev); }
  public static RandomDistribution uniform(double minval, double maxval) { return new RandomDistribution("RandomUniform", minval, maxval); }

  @Override
  public float[] values(long[] shape, Random r) {
    float[] v = new float[Fans.count(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) switch (kerasName) {
        case "RandomNormal" -> a + b * r.nextGaussian();
        case "TruncatedNormal" -> Fans.truncated(r, a, b);
        default -> a + (b - a) * r.nextDouble();
      };
    }
    return v;
  }
}
