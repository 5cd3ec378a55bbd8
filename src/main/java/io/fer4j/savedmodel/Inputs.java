package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Validates a feed against a signature before it reaches TF, so a client's mistake reads as
 * "input 'x' expects shape [-1,7], got [2,8]" rather than a TF kernel error, and converts dtypes
 * where the conversion is exact.
 */
final class Inputs {
  private Inputs() {}

  static Map<String, TensorValue> check(SignatureInfo sig, Map<String, TensorValue> inputs) {
    if (!inputs.keySet().equals(sig.inputs().keySet())) {
      throw new Fer4jException("signature '" + sig.key() + "' takes inputs " + new TreeSet<>(sig.inputs().keySet()) + ", got " + new TreeSet<>(inputs.keySet()));
    }
    Map<String, TensorValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, TensorSpec> e : sig.inputs().entrySet()) {
      TensorSpec spec = e.getValue();
      TensorValue v = inputs.get(e.getKey());
      DType want = spec.dtype();
      if (want == null) throw new Fer4jException("input '" + spec.key() + "' has dtype " + spec.dtypeName() + ", which fer4j cannot feed");
      long[] s = spec.shape();
      if (s != null) {
        boolean ok = s.length == v.rank();
        for (int i = 0; ok && i < s.length; i++) ok = s[i] < 0 || s[i] == v.dim(i);
        if (!ok) throw new Fer4jException("input '" + spec.key() + "' expects shape " + spec.shapeString() + ", got " + Arrays.toString(v.shape()).replace(" ", ""));
      }
      out.put(e.getKey(), convert(v, want, spec.key()));
    }
    return out;
  }

  /** The shared dimension 0 when every input has one and the signature leaves it free, else -1 (no splitting). */
  static long commonBatch(SignatureInfo sig, Map<String, TensorValue> feed) {
    long rows = -1;
    for (Map.Entry<String, TensorValue> e : feed.entrySet()) {
      long[] s = sig.inputs().get(e.getKey()).shape();
      if (s == null || s.length == 0 || s[0] >= 0) return -1;
      long d = e.getValue().dim(0);
      if (rows >= 0 && d != rows) return -1;
      rows = d;
    }
    return rows;
  }

  static TensorValue convert(TensorValue v, DType want, String name) {
    if (v.dtype() == want) return v;
    int n = v.size();
    if (want == DType.FLOAT32) {
      float[] f = new float[n];
      for (int i = 0; i < n; i++) f[i] = (float) v.get(i);
      return TensorValue.ofFloats(f, v.shape());
    }
    long[] l = new long[n];
    for (int i = 0; i < n; i++) {
      double d = v.get(i);
      if (d != Math.rint(d)) throw new Fer4jException("input '" + name + "' expects " + want.tfName() + " but value " + d + " is not an integer");
      l[i] = (long) d;
    }
    try {
      return TensorValue.ofInts(want, l, v.shape());
    } catch (Fer4jException e) {
      throw new Fer4jException("input '" + name + "': " + e.getMessage());
    }
  }
}
