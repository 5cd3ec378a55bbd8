package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import java.util.Locale;

/**
 * One layer's {@code config} object from a Keras model config, with typed getters that refuse
 * what fer4j cannot compute exactly: every failure names the file, the layer class, the layer name
 * and the option, so an unsupported model never loads with silently different numbers.
 */
final class LayerConfig {
  private final String source;
  private final String className;
  private final JsonNode config;

  LayerConfig(String source, String className, JsonNode config) {
    this.source = source;
    this.className = className;
    this.config = config == null || config.isNull() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : config;
    if (!this.config.isObject()) throw fail("config is not a JSON object");
  }

  String className() { return className; }

  String source() { return source; }

  String name() {
    JsonNode n = config.get("name");
    return n != null && n.isTextual() ? n.asText() : null;
  }

  Fer4jException fail(String problem) {
    String n = name();
    return new Fer4jException(source + ": layer " + className + (n == null ? "" : " '" + n + "'") + ": " + problem);
  }

  private JsonNode get(String key) {
    JsonNode v = config.get(key);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String key) { return get(key) != null; }

  /** Every key of the config object. */
  java.util.Iterator<String> keys() { return config.fieldNames(); }

  /** True when the key is written, even as null (where Keras' null differs from its default). */
  boolean present(String key) { return config.has(key); }

  JsonNode raw(String key) { return get(key); }

  int getInt(String key, int dflt) {
    JsonNode v = get(key);
    if (v == null) return dflt;
    if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) throw fail(key + " must be an integer, got " + v);
    return v.asInt();
  }

  double getDouble(String key, double dflt) {
    JsonNode v = get(key);
    if (v == null) return dflt;
    if (!v.isNumber()) throw fail(key + " must be a number, got " + v);
    return v.asDouble();
  }

  boolean getBool(String key, boolean dflt) {
    JsonNode v = get(key);
    if (v == null) return dflt;
    if (!v.isBoolean()) throw fail(key + " must be true or false, got " + v);
    return v.asBoolean();
  }

  String getString(String key, String dflt) {
    JsonNode v = get(key);
    if (v == null) return dflt;
    if (!v.isTextual()) throw fail(key + " must be a string, got " + v);
    return v.asText();
  }

  /** A pair such as kernel_size: an int (both dims) or a 2-element list; null → default. */
  int[] getPair(String key, int[] dflt) {
    JsonNode v = get(key);
    if (v == null) return dflt;
    if (v.isIntegralNumber()) return new int[] {v.asInt(), v.asInt()};
    if (v.isArray() && v.size() == 2 && v.get(0).isIntegralNumber() && v.get(1).isIntegralNumber()) return new int[] {v.get(0).asInt(), v.get(1).asInt()};
    throw fail(key + " must be an integer or a pair of integers, got " + v);
  }

  /** An axis-like option: an int or a list of ints (a missing or null value gives {@code dflt}). */
  int[] getIntList(String key, int[] dflt) {
    JsonNode v = get(key);
    if (v == null) return dflt;
    if (v.isIntegralNumber()) return new int[] {v.asInt()};
    if (!v.isArray()) throw fail(key + " must be an integer or a list of integers, got " + v);
    int[] r = new int[v.size()];
    for (int i = 0; i < r.length; i++) {
      if (!v.get(i).isIntegralNumber()) throw fail(key + " must be an integer or a list of integers, got " + v);
      r[i] = v.get(i).asInt();
    }
    return r;
  }

  /** A number or a flat list of numbers as floats (null when absent or null). */
  float[] getFloats(String key) {
    JsonNode v = get(key);
    if (v == null) return null;
    if (v.isNumber()) return new float[] {(float) v.asDouble()};
    if (!v.isArray()) throw fail(key + " must be a number or a list of numbers, got " + v);
    float[] r = new float[v.size()];
    for (int i = 0; i < r.length; i++) {
      if (!v.get(i).isNumber()) throw fail("unsupported " + key + "=" + v + " (fer4j reads a number or a flat list)");
      r[i] = (float) v.get(i).asDouble();
    }
    return r;
  }

  /** The activation name (a string; Keras writes None as "linear"). */
  String activation(String key) {
    JsonNode v = get(key);
    if (v == null) return "linear";
    if (!v.isTextual()) throw fail("unsupported " + key + " " + v + " (only built-in activations by name)");
    return v.asText();
  }

  /** Refuses a value other than the Keras default for an option fer4j does not implement. */
  void requireDefault(String key, Object dflt) {
    JsonNode v = get(key);
    if (v == null) return;
    boolean same;
    if (dflt instanceof String s) same = v.isTextual() && v.asText().equals(s);
    else if (dflt instanceof Boolean b) same = v.isBoolean() && v.asBoolean() == b;
    else if (dflt instanceof Number n) same = v.isNumber() && v.asDouble() == n.doubleValue();
    else same = false;
    if (!same) throw fail("unsupported " + key + "=" + v + " (fer4j supports only " + key + "=" + dflt + ")");
  }

  /** Refuses any non-null value: options whose effect fer4j does not reproduce. */
  void requireNull(String key, String why) {
    if (get(key) != null) throw fail("unsupported " + key + "=" + get(key) + " (" + why + ")");
  }

  void requireChannelsLast() {
    String f = getString("data_format", "channels_last");
    if (!f.equals("channels_last")) throw fail("unsupported data_format=" + f + " (fer4j supports only channels_last)");
  }

  String padding() {
    String p = getString("padding", "valid").toLowerCase(Locale.ROOT);
    if (!p.equals("valid") && !p.equals("same")) throw fail("unsupported padding=" + p);
    return p;
  }

  /** Rejects non-float32 dtypes: a string "float32" or a DTypePolicy object named float32. */
  void requireFloat32() {
    JsonNode d = get("dtype");
    if (d == null) return;
    String name;
    if (d.isTextual()) name = d.asText();
    else if (d.isObject() && d.path("config").path("name").isTextual()) name = d.path("config").path("name").asText();
    else throw fail("unreadable dtype " + d);
    if (!name.equals("float32")) throw fail("unsupported dtype " + name + " (fer4j computes in float32)");
  }
}
