package io.fer4j.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.losses.LabelFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * Keras' {@code metrics.get} for the metrics fer4j computes, and compile_utils.get_metric's
 * {@code "accuracy"}/{@code "acc"}: binary accuracy for a one-unit output, sparse categorical
 * for integer labels, else categorical, named by the string given. Strings, Keras 3 serialized
 * objects and tf.keras 2's MeanMetricWrapper form are read; anything else is refused in one line.
 */
public final class Metrics {
  private Metrics() {}

  public static final String SUPPORTED = "accuracy (acc), categorical_accuracy, sparse_categorical_accuracy, binary_accuracy, top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, precision, recall, auc";

  /** The metric a Keras string names, for labels in {@code format} (which decides what "accuracy" is). */
  public static Metric get(String id, LabelFormat format) {
    Metric m = switch (id) {
      case "accuracy", "acc" -> switch (format) {
        case BINARY -> new BinaryAccuracy();
        case SPARSE -> new SparseCategoricalAccuracy();
        case ONE_HOT -> new CategoricalAccuracy();
      };
      case "categorical_accuracy", "CategoricalAccuracy" -> new CategoricalAccuracy();
      case "sparse_categorical_accuracy", "SparseCategoricalAccuracy" -> new SparseCategoricalAccuracy();
      case "binary_accuracy", "BinaryAccuracy" -> new BinaryAccuracy();
      case "top_k_categorical_accuracy", "TopKCategoricalAccuracy" -> new TopKCategoricalAccuracy();
      case "sparse_top_k_categorical_accuracy", "SparseTopKCategoricalAccuracy" -> TopKCategoricalAccuracy.sparse(5);
      case "precision", "Precision" -> new Precision();
      case "recall", "Recall" -> new Recall();
      case "auc", "AUC" -> new AUC();
      default -> throw new Fer4jException("unsupported metric '" + id + "' (supported: " + SUPPORTED + ")");
    };
    m.name(id);
    return m.identifier(id);
  }

  /** A metric from a compile config entry: a string or a serialized object (Keras 3 or tf.keras 2). */
  public static Metric fromConfig(JsonNode v, LabelFormat format) {
    if (v.isTextual()) return get(v.asText(), format);
    if (!v.isObject()) throw new Fer4jException("unsupported metric " + v);
    String cls = v.path("class_name").asText();
    if (cls.startsWith("Custom>")) cls = cls.substring("Custom>".length());
    JsonNode c = v.path("config");
    if (cls.equals("function") && c.isTextual()) return get(c.asText(), format);
    Metric m;
    if (cls.equals("MeanMetricWrapper")) { // tf.keras 2: {"name": "accuracy", "fn": "categorical_accuracy"}
      String fn = c.path("fn").asText(c.path("name").asText());
      m = get(fn, format);
      m.identifier(null);
    } else {
      m = switch (cls) {
        case "CategoricalAccuracy" -> new CategoricalAccuracy();
        case "SparseCategoricalAccuracy" -> new SparseCategoricalAccuracy();
        case "BinaryAccuracy" -> new BinaryAccuracy(c.path("threshold").asDouble(0.5));
        case "TopKCategoricalAccuracy" -> new TopKCategoricalAccuracy(c.path("k").asInt(5));
        case "SparseTopKCategoricalAccuracy" -> TopKCategoricalAccuracy.sparse(c.path("k").asInt(5));
        case "Precision" -> new Precision(threshold(cls, c));
        case "Recall" -> new Recall(threshold(cls, c));
        case "AUC" -> new AUC(c.path("num_thresholds").asInt(200), c.path("curve").asText("ROC"), c.path("summation_method").asText("interpolation"), c.path("from_logits").asBoolean(false));
        default -> throw new Fer4jException("unsupported metric class '" + v.path("class_name").asText() + "' (supported: " + SUPPORTED + ")");
      };
      checkKeys(cls, c);
    }
    if (c.path("name").isTextual()) m.name(c.get("name").asText());
    return m;
  }

  private static double threshold(String cls, JsonNode c) {
    JsonNode t = c.get("thresholds");
    if (t == null || t.isNull()) return 0.5;
    if (t.isNumber()) return t.asDouble();
    if (t.isArray() && t.size() == 1 && t.get(0).isNumber()) return t.get(0).asDouble();
    throw new Fer4jException("unsupported " + cls + " thresholds " + t + " (fer4j computes one threshold)");
  }

  private static final Set<String> KNOWN = Set.of("name", "dtype", "threshold", "thresholds", "k", "num_thresholds", "curve", "summation_method", "from_logits");

  /** Refuses options fer4j does not compute (top_k, class_id, multi_label, label_weights, explicit AUC thresholds, ...). */
  private static void checkKeys(String cls, JsonNode c) {
    for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
      String k = it.next();
      JsonNode val = c.get(k);
      boolean ok = KNOWN.contains(k) || val.isNull() || (k.equals("multi_label") && !val.asBoolean());
      if (k.equals("dtype") && val.isTextual()) ok = val.asText().equals("float32");
      if (!ok) throw new Fer4jException("unsupported " + cls + " option " + k + "=" + val);
    }
  }

  /** Appends Keras' compile_config form: the string it came from, else serialize_keras_object. */
  public static void write(ArrayNode list, Metric m) {
    if (m.identifier() != null) {
      list.add(m.identifier());
      return;
    }
    ObjectNode o = list.addObject();
    o.put("module", "keras.metrics");
    o.put("class_name", m.className());
    m.writeConfig(o.putObject("config"));
    o.putNull("registered_name");
  }
}
