package io.fer4j.losses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.Iterator;
import java.util.Set;

/**
 * Keras' {@code losses.get} and {@code losses.serialize} for the losses fer4j computes: Keras
 * strings ({@code "mse"}, {@code "categorical_crossentropy"}, class names), Keras 3 serialized
 * objects and tf.keras 2's {@code {"class_name", "config"}} form. An unknown loss or option is a
 * one-line refusal, never a silent substitute.
 */
public final class Losses {
  private Losses() {}

  public static final String SUPPORTED = "categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy, mean_squared_error (mse), mean_absolute_error (mae), huber";

  /** The loss a Keras string names, with Keras' defaults; remembers the string for compile_config. */
  public static Loss get(String name) {
    Loss l = switch (name) {
      case "categorical_crossentropy", "CategoricalCrossentropy" -> new CategoricalCrossentropy();
      case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy" -> new SparseCategoricalCrossentropy();
      case "binary_crossentropy", "bce", "BCE", "BinaryCrossentropy" -> new BinaryCrossentropy();
      case "mean_squared_error", "mse", "MSE", "MeanSquaredError" -> new MeanSquaredError();
      case "mean_absolute_error", "mae", "MAE", "MeanAbsoluteError" -> new MeanAbsoluteError();
      case "huber", "Huber", "huber_loss" -> new Huber();
      default -> throw new Fer4jException("unsupported loss '" + name + "' (supported: " + SUPPORTED + ")");
    };
    return l.identifier(name);
  }

  /** A loss from a compile config's {@code loss} value: a string or a serialized object. */
  public static Loss fromConfig(JsonNode v) {
    if (v == null || v.isNull()) throw new Fer4jException("no loss in the compile config");
    if (v.isTextual()) return get(v.asText());
    if (!v.isObject()) throw new Fer4jException("unsupported loss " + v + " (one loss for a single-output model)");
    String cls = v.path("class_name").asText();
    JsonNode c = v.path("config");
    if (cls.equals("function") && c.isTextual()) return get(c.asText());
    if (cls.startsWith("Custom>")) cls = cls.substring("Custom>".length());
    Loss l = switch (cls) {
      case "CategoricalCrossentropy" -> new CategoricalCrossentropy(c.path("from_logits").asBoolean(false), c.path("label_smoothing").asDouble(0));
      case "SparseCategoricalCrossentropy" -> new SparseCategoricalCrossentropy(c.path("from_logits").asBoolean(false));
      case "BinaryCrossentropy" -> new BinaryCrossentropy(c.path("from_logits").asBoolean(false), c.path("label_smoothing").asDouble(0));
      case "MeanSquaredError" -> new MeanSquaredError();
      case "MeanAbsoluteError" -> new MeanAbsoluteError();
      case "Huber" -> new Huber(c.path("delta").asDouble(1.0));
      default -> throw new Fer4jException("unsupported loss class '" + v.path("class_name").asText() + "' (supported: " + SUPPORTED + ")");
    };
    checkKeys(cls, c);
    if (c.path("name").isTextual()) l.name(c.get("name").asText());
    if (c.hasNonNull("reduction")) l.reduction(Reduction.of(c.get("reduction").asText()));
    return l;
  }

  private static final Set<String> KNOWN = Set.of("name", "reduction", "from_logits", "label_smoothing", "delta", "dtype", "fn");

  /** Refuses options that would change the numbers fer4j computes (axis, ignore_class, a non-float32 dtype, unknown keys). */
  private static void checkKeys(String cls, JsonNode c) {
    for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
      String k = it.next();
      JsonNode val = c.get(k);
      boolean ok = KNOWN.contains(k) || val.isNull()
          || (k.equals("axis") && val.asInt() == -1);
      if (k.equals("dtype") && !val.isNull() && !val.isTextual()) ok = val.path("config").path("name").asText("float32").equals("float32");
      if (k.equals("dtype") && val.isTextual()) ok = val.asText().equals("float32");
      if (!ok) throw new Fer4jException("unsupported " + cls + " option " + k + "=" + val);
    }
  }

  /** Keras' compile_config value: the string it was made from, else {@code serialize_keras_object}. */
  public static void write(ObjectNode parent, String key, Loss l) {
    if (l.identifier() != null) {
      parent.put(key, l.identifier());
      return;
    }
    ObjectNode o = parent.putObject(key);
    o.put("module", "keras.losses");
    o.put("class_name", l.className());
    l.writeConfig(o.putObject("config"));
    o.putNull("registered_name");
  }
}
