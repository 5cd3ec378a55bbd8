package io.fer4j.savedmodel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** Turns a MetaGraphDef's SignatureDef protos into {@link SignatureInfo}s (sorted by key, as saved_model_cli lists them). */
final class SignatureDefs {
  private SignatureDefs() {}

  static Map<String, SignatureInfo> of(MetaGraphDef mg) {
    Map<String, SignatureInfo> out = new LinkedHashMap<>();
    for (Map.Entry<String, SignatureDef> e : new TreeMap<>(mg.getSignatureDefMap()).entrySet()) {
      SignatureDef d = e.getValue();
      out.put(e.getKey(), new SignatureInfo(e.getKey(), d.getMethodName(), specs(d.getInputsMap()), specs(d.getOutputsMap())));
    }
    return out;
  }

  private static Map<String, TensorSpec> specs(Map<String, TensorInfo> m) {
    Map<String, TensorSpec> out = new LinkedHashMap<>();
    for (Map.Entry<String, TensorInfo> e : new TreeMap<>(m).entrySet()) {
      TensorInfo t = e.getValue();
      out.put(e.getKey(), new TensorSpec(e.getKey(), t.getName(), t.getDtype().name(), shape(t)));
    }
    return out;
  }

  private static long[] shape(TensorInfo t) {
    if (!t.hasTensorShape()) return null;
    TensorShapeProto s = t.getTensorShape();
    if (s.getUnknownRank()) return null;
    long[] d = new long[s.getDimCount()];
    for (int i = 0; i < d.length; i++) d[i] = s.getDim(i).getSize();
    return d;
  }
}
