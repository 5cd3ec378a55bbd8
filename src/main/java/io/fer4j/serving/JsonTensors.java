package io.fer4j.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.savedmodel.DType;
import io.fer4j.savedmodel.TensorValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JSON nested lists to and from {@link TensorValue}, as TF Serving's REST API encodes tensors:
 * a scalar is a number, a tensor of rank r is r levels of lists. Ragged lists, strings,
 * NaN/Infinity (also numbers too large for float32), non-integral or out-of-range values for
 * integer inputs are client errors (400) naming the input.
 */
final class JsonTensors {
  private JsonTensors() {}

  static TensorValue parse(JsonNode node, DType dtype, String name) {
    List<Long> dims = new ArrayList<>();
    JsonNode n = node;
    while (n.isArray()) {
      dims.add((long) n.size());
      if (n.isEmpty()) break;
      n = n.get(0);
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) count *= d;
    if (count > Integer.MAX_VALUE) throw ServingException.badRequest("input '" + name + "' is too large");
    if (dtype == DType.FLOAT32) {
      float[] f = new float[(int) count];
      fill(node, shape, 0, new int[1], f, null, name);
      return TensorValue.ofFloats(f, shape);
    }
    long[] l = new long[(int) count];
    fill(node, shape, 0, new int[1], null, l, name);
    try {
      return TensorValue.ofInts(dtype, l, shape);
    } catch (RuntimeException e) {
      throw ServingException.badRequest("input '" + name + "': " + e.getMessage());
    }
  }

  private static void fill(JsonNode n, long[] shape, int depth, int[] at, float[] f, long[] l, String name) {
    if (depth == shape.length) {
      if (!n.isNumber()) {
        String what = n.isObject() && n.has("b64") ? "binary ({\"b64\": ...}) values, which only DT_STRING inputs take" : n.getNodeType().toString().toLowerCase();
        throw ServingException.badRequest("input '" + name + "' expects numbers, got " + what);
      }
      if (f != null) {
        float v = n.floatValue();
        if (!Float.isFinite(v)) throw ServingException.badRequest("input '" + name + "' holds a non-finite value (" + n.asText() + " at element " + at[0] + "); inputs must be finite numbers");
        f[at[0]++] = v;
      } else {
        double d = n.doubleValue();
        if (!Double.isFinite(d)) throw ServingException.badRequest("input '" + name + "' holds a non-finite value (" + n.asText() + " at element " + at[0] + "); inputs must be finite numbers");
        if (!n.isIntegralNumber() && d != Math.rint(d)) throw ServingException.badRequest("input '" + name + "' expects integers, got " + d);
        if (n.isIntegralNumber() ? !n.canConvertToLong() : Math.abs(d) >= 0x1p63) throw ServingException.badRequest("input '" + name + "' holds " + n.asText() + ", outside the 64-bit integer range");
        l[at[0]++] = n.isIntegralNumber() ? n.longValue() : (long) d;
      }
      return;
    }
    if (!n.isArray() || n.size() != shape[depth]) {
      throw ServingException.badRequest("input '" + name + "' is not a rectangular tensor: expected a list of " + shape[depth]
          + " at depth " + depth + " (shape " + Arrays.toString(shape).replace(" ", "") + ")");
    }
    for (JsonNode c : n) fill(c, shape, depth + 1, at, f, l, name);
  }

  /** Writes the whole tensor as nested lists. */
  static void write(JsonGenerator g, TensorValue v) throws IOException {
    write(g, v, 0, 0, v.size());
  }

  /** Writes row {@code row} of dimension 0 as nested lists. */
  static void writeRow(JsonGenerator g, TensorValue v, int row) throws IOException {
    int per = v.size() / (int) Math.max(1, v.dim(0));
    write(g, v, 1, row * per, per);
  }

  private static void write(JsonGenerator g, TensorValue v, int depth, int from, int count) throws IOException {
    if (depth == v.rank()) {
      if (v.dtype() == DType.FLOAT32) g.writeNumber(v.floats()[from]);
      else g.writeNumber(v.ints()[from]);
      return;
    }
    int n = (int) v.dim(depth);
    int per = n == 0 ? 0 : count / n;
    g.writeStartArray();
    for (int i = 0; i < n; i++) write(g, v, depth + 1, from + i * per, per);
    g.writeEndArray();
  }
}
