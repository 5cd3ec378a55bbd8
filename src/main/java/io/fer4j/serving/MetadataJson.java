package io.fer4j.serving;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.savedmodel.SignatureInfo;
import io.fer4j.savedmodel.TensorSpec;
import java.util.Map;

/**
 * GET .../metadata as TF Serving renders GetModelMetadataResponse in JSON (proto field names,
 * int64 as strings): {@code {"model_spec":{...},"metadata":{"signature_def":{"signature_def":{KEY:
 * {"inputs":{...},"outputs":{...},"method_name":...}}}}}}, and the status response.
 */
final class MetadataJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private MetadataJson() {}

  static ObjectNode metadata(String name, long version, Map<String, SignatureInfo> sigs) {
    ObjectNode root = F.objectNode();
    ObjectNode spec = root.putObject("model_spec");
    spec.put("name", name);
    spec.put("signature_name", "");
    spec.put("version", Long.toString(version));
    ObjectNode defs = root.putObject("metadata").putObject("signature_def").putObject("signature_def");
    for (SignatureInfo s : sigs.values()) {
      ObjectNode d = defs.putObject(s.key());
      tensors(d.putObject("inputs"), s.inputs());
      tensors(d.putObject("outputs"), s.outputs());
      d.put("method_name", s.methodName());
      d.putObject("defaults");
    }
    return root;
  }

  private static void tensors(ObjectNode into, Map<String, TensorSpec> specs) {
    for (TensorSpec t : specs.values()) {
      ObjectNode o = into.putObject(t.key());
      o.put("dtype", t.dtypeName());
      ObjectNode shape = o.putObject("tensor_shape");
      var dims = shape.putArray("dim");
      long[] s = t.shape();
      if (s != null) for (long d : s) dims.addObject().put("size", Long.toString(d)).put("name", "");
      shape.put("unknown_rank", s == null);
      o.put("name", t.tensorName());
    }
  }

  static ObjectNode status(Iterable<Long> versions) {
    ObjectNode root = F.objectNode();
    var arr = root.putArray("model_version_status");
    for (Long v : versions) {
      ObjectNode o = arr.addObject();
      o.put("version", Long.toString(v));
      o.put("state", "AVAILABLE");
      ObjectNode st = o.putObject("status");
      st.put("error_code", "OK");
      st.put("error_message", "");
    }
    return root;
  }
}
