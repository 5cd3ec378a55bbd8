package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import java.util.Map;

/**
 * The single image input of a signature, for commands that feed pictures (evaluate, predict,
 * predictImage): which key to feed, H×W×C and dtype, and which output holds the scores.
 * Fails with one line naming the input when the signature is not an image classifier's.
 */
public record ImageSignature(String signature, String input, int height, int width, int channels, DType dtype, String output, int classes) {
  public static final String DEFAULT_SIGNATURE = "serving_default";

  public static ImageSignature of(LoadedSavedModel m) {
    return of(m, DEFAULT_SIGNATURE);
  }

  /** serving_default, else the only non-internal signature (tf.keras exports name theirs so too). */
  public static ImageSignature pick(LoadedSavedModel m) {
    if (m.signatures().containsKey(DEFAULT_SIGNATURE)) return of(m, DEFAULT_SIGNATURE);
    java.util.List<String> usable = m.signatures().keySet().stream().filter(k -> !k.startsWith("__")).toList();
    if (usable.size() == 1) return of(m, usable.get(0));
    throw new Fer4jException(m.dir() + ": no '" + DEFAULT_SIGNATURE + "' signature (has " + m.signatures().keySet() + ")");
  }

  public static ImageSignature of(LoadedSavedModel m, String key) {
    SignatureInfo sig = m.signature(key);
    if (sig.inputs().size() != 1) throw new Fer4jException(m.dir() + ": signature '" + key + "' has inputs " + sig.inputs().keySet() + "; an image model has one");
    TensorSpec in = sig.inputs().values().iterator().next();
    long[] s = in.shape();
    if (s == null || s.length != 4 || s[1] <= 0 || s[2] <= 0 || s[3] < 1 || s[3] > 4) {
      throw new Fer4jException("model input " + in.key() + " is not an image (shape " + in.shapeString() + ", expected [-1,H,W,C])");
    }
    DType d = in.dtype();
    if (d != DType.FLOAT32 && d != DType.UINT8) throw new Fer4jException("model input " + in.key() + " is not an image (dtype " + in.dtypeName() + ")");
    Map<String, TensorSpec> outs = sig.outputs();
    TensorSpec out = outs.containsKey("output_0") ? outs.get("output_0") : outs.size() == 1 ? outs.values().iterator().next() : null;
    if (out == null) throw new Fer4jException(m.dir() + ": signature '" + key + "' has outputs " + outs.keySet() + "; expected one");
    long[] os = out.shape();
    int classes = os != null && os.length == 2 && os[1] > 0 ? (int) os[1] : -1;
    return new ImageSignature(key, in.key(), (int) s[1], (int) s[2], (int) s[3], d, out.key(), classes);
  }
}
