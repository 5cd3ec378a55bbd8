package io.fer4j.initializers;

import io.fer4j.Fer4jException;
import io.fer4j.layers.Initializer;
import java.util.Random;

/**
 * Keras {@code VarianceScaling(scale, mode, distribution)}, the family behind glorot_*, he_* and
 * lecun_*: variance {@code scale / n} with n the fan in, fan out or their mean; drawn uniform in
 * ±sqrt(3 var), from a normal truncated at 2σ with σ = sqrt(var) / 0.8796 (Keras' correction for
 * the truncation), or an untruncated normal. Drawn from fer4j's seeded stream, so values follow
 * Keras' distribution but not its random bits.
 */
public record VarianceScaling(double scale, String mode, String distribution, String kerasName) implements Initializer {
  public VarianceScaling {
    if (!(scale > 0)) throw new Fer4jException("VarianceScaling scale must be positive, got " + scale);
    if (!java.util.List.of("fan_in", "fan_out", "fan_avg").contains(mode)) throw new Fer4jException("VarianceScaling mode must be fan_in, fan_out or fan_avg, got '" + mode + "'");
    if (distribution.equals("normal")) distribution = "truncated_normal"; // tf.keras 2's name
    if (!java.util.List.of("uniform", "truncated_normal", "untruncated_normal").contains(distribution)) {
      throw new Fer4jException("VarianceScaling distribution must be uniform, truncated_normal or untruncated_normal, got '" + distribution + "'");
    }
  }

  public VarianceScaling(double scale, String mode, String distribution) { this(scale, mode, distribution, "VarianceScaling"); }

  /** The variance the values are drawn with for this shape. */
  public double variance(long[] shape) {
    double[] f = Fans.of(shape);
    double n = switch (mode) {
      case "fan_in" -> f[0];
      case "fan_out" -> f[1];
      default -> (f[0] + f[1]) / 2;
    };
    return scale / Math.max(1.0, n);
  }

  @Override
  public float[] values(long[] shape, Random r) {
    double var = variance(shape);
    float[] v = new float[Fans.count(shape)];
    switch (distribution) {
      case "uniform" -> {
        double limit = Math.sqrt(3 * var);
        for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
      }
      case "truncated_normal" -> {
        double sd = Math.sqrt(var) / 0.87962566103423978;
        for (int i = 0; i < v.length; i++) v[i] = (float) Fans.truncated(r, 0, sd);
      }
      default -> {
        double sd = Math.sqrt(var);
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * sd);
      }
    }
    return v;
  }
}
