package io.fer4j.initializers;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Initializer;

/**
 * Keras' {@code initializers.get}: the built-in initializers by name ({@code "he_normal"}), by
 * class name, as Keras 3 serialized objects or tf.keras 2 {@code {"class_name", "config"}}.
 * A seed in the config is accepted but cannot reproduce Keras' random bits (fer4j draws from
 * its own seeded stream); anything unknown is refused.
 */
public final class Initializers {
  private Initializers() {}

  public static final String SUPPORTED = "glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, orthogonal, truncated_normal, random_normal, random_uniform, variance_scaling, zeros, ones, constant";

  public static Initializer get(String name) { return of(name, com.fasterxml.jackson.databind.node.MissingNode.getInstance()); }

  /** The initializer of a config value (string or object). */
  public static Initializer fromConfig(JsonNode v) {
    if (v.isTextual()) return get(v.asText());
    if (!v.isObject()) throw new Fer4jException("unsupported initializer " + v);
    String cls = v.path("class_name").asText();
    return of(cls.startsWith("Custom>") ? cls.substring(7) : cls, v.path("config"));
  }

  private static Initializer of(String name, JsonNode c) {
    return switch (name) {
      case "glorot_uniform", "GlorotUniform" -> new VarianceScaling(1, "fan_avg", "uniform", "GlorotUniform");
      case "glorot_normal", "GlorotNormal" -> new VarianceScaling(1, "fan_avg", "truncated_normal", "GlorotNormal");
      case "he_normal", "HeNormal" -> new VarianceScaling(2, "fan_in", "truncated_normal", "HeNormal");
      case "he_uniform", "HeUniform" -> new VarianceScaling(2, "fan_in", "uniform", "HeUniform");
      case "lecun_normal", "LecunNormal" -> new VarianceScaling(1, "fan_in", "truncated_normal", "LecunNormal");
      case "lecun_uniform", "LecunUniform" -> new VarianceScaling(1, "fan_in", "uniform", "LecunUniform");
      case "variance_scaling", "VarianceScaling" -> new VarianceScaling(c.path("scale").asDouble(1), c.path("mode").asText("fan_in"), c.path("distribution").asText("truncated_normal"));
      case "orthogonal", "Orthogonal", "OrthogonalInitializer" -> new Orthogonal(c.path("gain").asDouble(1));
      case "truncated_normal", "TruncatedNormal" -> RandomDistribution.truncatedNormal(c.path("mean").asDouble(0), c.path("stddev").asDouble(0.05));
      case "random_normal", "RandomNormal" -> RandomDistribution.normal(c.path("mean").asDouble(0), c.path("stddev").asDouble(0.05));
      case "random_uniform", "RandomUniform" -> RandomDistribution.uniform(c.path("minval").asDouble(-0.05), c.path("maxval").asDouble(0.05));
      case "zeros", "Zeros" -> Initializer.ZEROS;
      case "ones", "Ones" -> Initializer.ONES;
      case "constant", "Constant" -> new Constant(c.path("value").asDouble(0));
      default -> throw new Fer4jException("unsupported initializer '" + name + "' (supported: " + SUPPORTED + ")");
    };
  }
}
