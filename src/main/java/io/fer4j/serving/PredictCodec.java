package io.fer4j.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fer4j.savedmodel.DType;
import io.fer4j.savedmodel.SignatureInfo;
import io.fer4j.savedmodel.TensorSpec;
import io.fer4j.savedmodel.TensorValue;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * TF Serving's predict body: {@code instances} (row format: one entry per example, a bare tensor
 * for single-input signatures or an object of named tensors) or {@code inputs} (columnar: a
 * tensor or an object of named tensors). Responses mirror the request format: {@code predictions}
 * (a list per example; single output without its name) or {@code outputs} (a tensor, or an object
 * when there are several outputs).
 */
final class PredictCodec {
  private PredictCodec() {}

  /** The parsed request: inputs by key and whether it used the row format. */
  record Request(Map<String, TensorValue> inputs, boolean rows) {}

  static Request parse(JsonNode body, SignatureInfo sig) { return parse(body, sig, Integer.MAX_VALUE); }

  /** As {@link #parse(JsonNode, SignatureInfo)}, refusing more than {@code maxInstances} examples (instances, or dimension 0 of inputs). */
  static Request parse(JsonNode body, SignatureInfo sig, int maxInstances) {
    Request r = parseAll(body, sig);
    for (Map.Entry<String, TensorValue> e : r.inputs().entrySet()) {
      TensorValue v = e.getValue();
      if (v.rank() > 0 && v.dim(0) > maxInstances) {
        throw ServingException.badRequest((r.rows() ? "'instances' has " + v.dim(0) + " entries" : "input '" + e.getKey() + "' has " + v.dim(0) + " rows")
            + ", more than the server's limit of " + maxInstances + " (--max-instances); split the request");
      }
    }
    return r;
  }

  private static Request parseAll(JsonNode body, SignatureInfo sig) {
    boolean hasInstances = body.has("instances");
    boolean hasInputs = body.has("inputs");
    if (hasInstances == hasInputs) throw ServingException.badRequest("JSON object must contain either 'instances' or 'inputs', not " + (hasInstances ? "both" : "neither"));
    Iterator<String> fields = body.fieldNames();
    while (fields.hasNext()) {
      String f = fields.next();
      if (!f.equals("instances") && !f.equals("inputs") && !f.equals("signature_name")) throw ServingException.badRequest("unknown key '" + f + "' in request (expected signature_name, instances or inputs)");
    }
    Map<String, TensorSpec> specs = sig.inputs();
    if (specs.isEmpty()) throw ServingException.badRequest("signature '" + sig.key() + "' takes no inputs");
    Map<String, TensorValue> out = new LinkedHashMap<>();
    if (hasInstances) {
      JsonNode inst = body.get("instances");
      if (!inst.isArray() || inst.isEmpty()) throw ServingException.badRequest("'instances' must be a non-empty list");
      boolean named = inst.get(0).isObject() && !isB64(inst.get(0));
      if (!named) {
        if (specs.size() != 1) throw ServingException.badRequest("signature '" + sig.key() + "' has inputs " + new TreeSet<>(specs.keySet()) + "; each instance must be an object naming them");
        TensorSpec s = specs.values().iterator().next();
        out.put(s.key(), parse(inst, s));
      } else {
        for (JsonNode i : inst) {
          if (!i.isObject()) throw ServingException.badRequest("instances mix objects and tensors");
          if (!keys(i).equals(new TreeSet<>(specs.keySet()))) {
            throw ServingException.badRequest("instance keys " + keys(i) + " do not match the signature's inputs " + new TreeSet<>(specs.keySet()));
          }
        }
        for (TensorSpec s : specs.values()) {
          ArrayNode column = JsonNodeFactory.instance.arrayNode(inst.size());
          for (JsonNode i : inst) column.add(i.get(s.key()));
          out.put(s.key(), parse(column, s));
        }
      }
      return new Request(out, true);
    }
    JsonNode in = body.get("inputs");
    if (in.isObject() && !isB64(in)) {
      if (!keys(in).equals(new TreeSet<>(specs.keySet()))) {
        throw ServingException.badRequest("'inputs' keys " + keys(in) + " do not match the signature's inputs " + new TreeSet<>(specs.keySet()));
      }
      for (TensorSpec s : specs.values()) out.put(s.key(), parse(in.get(s.key()), s));
    } else {
      if (specs.size() != 1) throw ServingException.badRequest("signature '" + sig.key() + "' has inputs " + new TreeSet<>(specs.keySet()) + "; 'inputs' must be an object naming them");
      TensorSpec s = specs.values().iterator().next();
      out.put(s.key(), parse(in, s));
    }
    return new Request(out, false);
  }

  private static TensorValue parse(JsonNode n, TensorSpec s) {
    DType d = s.dtype();
    if (d == null) throw ServingException.badRequest("input '" + s.key() + "' has dtype " + s.dtypeName() + ", which this server cannot feed");
    return JsonTensors.parse(n, d, s.key());
  }

  static void write(JsonGenerator g, Map<String, TensorValue> outputs, boolean rows) throws IOException {
    g.writeStartObject();
    if (rows) {
      g.writeFieldName("predictions");
      if (outputs.size() == 1) {
        JsonTensors.write(g, outputs.values().iterator().next());
      } else {
        long n = -1;
        for (Map.Entry<String, TensorValue> e : outputs.entrySet()) {
          long d = e.getValue().rank() == 0 ? -2 : e.getValue().dim(0);
          if (n != -1 && d != n || d < 0) throw ServingException.badRequest("output '" + e.getKey() + "' does not share dimension 0 with the other outputs; use the columnar ('inputs') format");
          n = d;
        }
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
          g.writeStartObject();
          for (Map.Entry<String, TensorValue> e : outputs.entrySet()) {
            g.writeFieldName(e.getKey());
            JsonTensors.writeRow(g, e.getValue(), i);
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    } else {
      g.writeFieldName("outputs");
      if (outputs.size() == 1) {
        JsonTensors.write(g, outputs.values().iterator().next());
      } else {
        g.writeStartObject();
        for (Map.Entry<String, TensorValue> e : outputs.entrySet()) {
          g.writeFieldName(e.getKey());
          JsonTensors.write(g, e.getValue());
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static boolean isB64(JsonNode n) { return n.isObject() && n.size() == 1 && n.has("b64"); }

  private static TreeSet<String> keys(JsonNode o) {
    TreeSet<String> k = new TreeSet<>();
    o.fieldNames().forEachRemaining(k::add);
    return k;
  }
}
