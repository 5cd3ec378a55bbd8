package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.constraints.Constraint;
import io.fer4j.constraints.MaxNorm;
import io.fer4j.constraints.MinMaxNorm;
import io.fer4j.constraints.NonNeg;
import io.fer4j.constraints.UnitNorm;
import io.fer4j.layers.Layer;
import io.fer4j.regularizers.L1;
import io.fer4j.regularizers.L1L2;
import io.fer4j.regularizers.L2;
import io.fer4j.regularizers.OrthogonalRegularizer;
import io.fer4j.regularizers.Regularizer;
import java.util.Iterator;

/**
 * A layer config's {@code *_regularizer}, {@code *_constraint} and {@code activity_regularizer}
 * keys to fer4j objects on the layer. Options on a weight the
 * layer does not create (a bias with use_bias false, gamma with scale false) are ignored, as
 * Keras ignores them; an unknown class is refused naming the file, layer and option. (They are
 * written back by {@code ModelConfig}.)
 */
final class WeightOptions {
  private WeightOptions() {}

  static void apply(LayerConfig c, Layer l) {
    for (Iterator<String> it = c.keys(); it.hasNext(); ) {
      String key = it.next();
      JsonNode v = c.raw(key);
      if (v == null) continue;
      if (key.equals("activity_regularizer")) {
        l.activityRegularizer(regularizer(c, key, v));
      } else if (key.endsWith("_regularizer")) {
        String stem = key.substring(0, key.length() - "_regularizer".length());
        if (creates(c, stem)) l.regularizer(l.weightForStem(stem), regularizer(c, key, v));
      } else if (key.endsWith("_initializer")) {
        String stem = key.substring(0, key.length() - "_initializer".length());
        if (creates(c, stem)) {
          try {
            l.initializer(l.weightForStem(stem), io.fer4j.initializers.Initializers.fromConfig(v));
          } catch (io.fer4j.Fer4jException e) {
            throw c.fail(key + ": " + e.getMessage());
          }
        }
      } else if (key.endsWith("_constraint")) {
        String stem = key.substring(0, key.length() - "_constraint".length());
        if (creates(c, stem)) l.constraint(l.weightForStem(stem), constraint(c, key, v));
      }
    }
  }

  private static boolean creates(LayerConfig c, String stem) {
    return switch (stem) {
      case "bias" -> c.getBool("use_bias", true);
      case "gamma" -> c.getBool("scale", true);
      case "beta" -> c.getBool("center", true);
      default -> true;
    };
  }

  private static Regularizer regularizer(LayerConfig c, String key, JsonNode v) {
    String cls;
    JsonNode cfg;
    if (v.isTextual()) {
      cls = v.asText();
      cfg = com.fasterxml.jackson.databind.node.NullNode.getInstance();
    } else if (v.isObject()) {
      cls = v.path("class_name").asText();
      cfg = v.path("config");
    } else {
      throw c.fail("unsupported " + key + "=" + v);
    }
    try {
      return switch (cls) {
        case "L1", "l1" -> new L1(cfg.path("l1").asDouble(0.01));
        case "L2", "l2" -> new L2(cfg.path("l2").asDouble(0.01));
        case "L1L2", "l1_l2" -> new L1L2(cfg.path("l1").asDouble(0), cfg.path("l2").asDouble(0));
        case "OrthogonalRegularizer", "orthogonal_regularizer" -> new OrthogonalRegularizer(cfg.path("factor").asDouble(0.01), cfg.path("mode").asText("rows"));
        default -> throw c.fail("unsupported " + key + " " + cls + " (fer4j computes L1, L2, L1L2, OrthogonalRegularizer)");
      };
    } catch (io.fer4j.Fer4jException e) {
      if (e.getMessage().startsWith(c.source())) throw e;
      throw c.fail(key + ": " + e.getMessage());
    }
  }

  private static Constraint constraint(LayerConfig c, String key, JsonNode v) {
    String cls = v.isTextual() ? v.asText() : v.path("class_name").asText();
    JsonNode cfg = v.isObject() ? v.path("config") : com.fasterxml.jackson.databind.node.NullNode.getInstance();
    return switch (cls) {
      case "MaxNorm", "max_norm" -> new MaxNorm(cfg.path("max_value").asDouble(2), axis(c, key, cfg));
      case "NonNeg", "non_neg" -> new NonNeg();
      case "UnitNorm", "unit_norm" -> new UnitNorm(axis(c, key, cfg));
      case "MinMaxNorm", "min_max_norm" -> new MinMaxNorm(cfg.path("min_value").asDouble(0), cfg.path("max_value").asDouble(1),
          cfg.path("rate").asDouble(1), axis(c, key, cfg));
      default -> throw c.fail("unsupported " + key + " " + (cls.isEmpty() ? v : cls) + " (fer4j applies MaxNorm, NonNeg, UnitNorm, MinMaxNorm)");
    };
  }

  private static int[] axis(LayerConfig c, String key, JsonNode cfg) {
    JsonNode a = cfg.get("axis");
    if (a == null || a.isNull()) return new int[] {0};
    if (a.isIntegralNumber()) return new int[] {a.asInt()};
    if (a.isArray() && a.size() > 0) {
      int[] r = new int[a.size()];
      for (int i = 0; i < r.length; i++) {
        if (!a.get(i).isIntegralNumber()) throw c.fail("unsupported " + key + " axis " + a);
        r[i] = a.get(i).asInt();
      }
      return r;
    }
    throw c.fail("unsupported " + key + " axis " + a);
  }
}
