package io.fer4j.savedmodel;

import java.util.Map;

/**
 * A SignatureDef read from the MetaGraphDef: its key, method name and ordered inputs/outputs.
 * It is read from the proto rather than from TF Java's {@code Signature} because only the proto
 * carries the method name and unknown-rank flags that {@code inspect} and TF Serving's metadata show.
 */
public record SignatureInfo(String key, String methodName, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
  public SignatureInfo {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
  }
}
