package io.fer4j.keras;

import io.fer4j.Fer4jException;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small readers over jhdf for what Keras writes: string attributes (fixed or variable length,
 * scalar or array, and split into {@code name0, name1, …} when over the 64 KB header limit),
 * float32 datasets checked against the shape a layer expects, and int64 scalars.
 */
final class H5 {
  private H5() {}

  /** A string attribute (scalar or first element), or null if absent. */
  static String string(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a == null) return null;
    List<String> all = toStrings(a.getData());
    return all.isEmpty() ? null : all.get(0);
  }

  /** A string-array attribute, joining Keras' chunks name0, name1, …; empty if absent. */
  static List<String> strings(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a != null) return toStrings(a.getData());
    List<String> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      Attribute c = node.getAttribute(name + i);
      if (c == null) break;
      out.addAll(toStrings(c.getData()));
    }
    return out;
  }

  /** A possibly chunked scalar string attribute such as model_config. */
  static String joinedString(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a != null) return String.join("", toStrings(a.getData()));
    List<String> parts = strings(node, name);
    return parts.isEmpty() ? null : String.join("", parts);
  }

  private static List<String> toStrings(Object data) {
    List<String> out = new ArrayList<>();
    if (data == null) return out;
    if (data instanceof String s) {
      out.add(s);
    } else if (data instanceof byte[] b) {
      out.add(new String(b, StandardCharsets.UTF_8));
    } else if (data.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(data); i++) out.addAll(toStrings(Array.get(data, i)));
    } else if (!(data instanceof Number)) {
      out.add(data.toString());
    }
    return out;
  }

  static Group group(Group parent, String name) {
    Node n = parent.getChildren().get(name);
    return n instanceof Group g ? g : null;
  }

  /** Reads a float (or integer) dataset as float32, failing unless its shape is exactly {@code shape}. */
  static float[] floats(String source, Node node, long[] shape, String what) {
    if (!(node instanceof Dataset ds)) throw new Fer4jException(source + ": " + what + " is not a dataset");
    long[] dims = Arrays.stream(ds.getDimensions()).asLongStream().toArray();
    if (!Arrays.equals(dims, shape)) {
      throw new Fer4jException(source + ": " + what + " has shape " + Arrays.toString(dims) + ", the model needs " + Arrays.toString(shape));
    }
    Object flat = ds.isScalar() ? ds.getData() : ds.getDataFlat();
    if (flat instanceof float[] f) return f;
    if (flat instanceof double[] d) {
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
      return f;
    }
    if (flat instanceof long[] l) { // Normalization's count is int64 in Keras files
      float[] f = new float[l.length];
      for (int i = 0; i < l.length; i++) f[i] = l[i];
      return f;
    }
    if (flat instanceof int[] n) {
      float[] f = new float[n.length];
      for (int i = 0; i < n.length; i++) f[i] = n[i];
      return f;
    }
    if (flat instanceof Float f) return new float[] {f};
    if (flat instanceof Double d) return new float[] {d.floatValue()};
    if (flat instanceof Long || flat instanceof Integer) return new float[] {((Number) flat).floatValue()};
    throw new Fer4jException(source + ": " + what + " is not a float dataset (" + ds.getJavaType() + ")");
  }

  /** An integer scalar such as optimizer iterations (int64, or int32 from the JAX backend). */
  static long scalarLong(String source, Node node, String what) {
    if (!(node instanceof Dataset ds) || ds.getSize() != 1) throw new Fer4jException(source + ": " + what + " is not a scalar dataset");
    Object d = ds.getData();
    if (d != null && d.getClass().isArray()) d = Array.get(d, 0);
    if (d instanceof Long || d instanceof Integer || d instanceof Short || d instanceof Byte) return ((Number) d).longValue();
    throw new Fer4jException(source + ": " + what + " is not an integer");
  }

  static float scalarFloat(String source, Node node, String what) {
    return floats(source, node, node instanceof Dataset ds && ds.isScalar() ? new long[0] : new long[] {1}, what)[0];
  }
}
