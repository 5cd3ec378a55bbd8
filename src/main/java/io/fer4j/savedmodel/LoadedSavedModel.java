package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/**
 * A SavedModel loaded into a TF session, callable by signature with heap tensors. Every native
 * tensor of a call (inputs and results) is closed before the call returns, so a server can run
 * millions of requests without native growth. Thread-safe: TF sessions run concurrently.
 * Large inputs are split along dimension 0 into chunks of {@link #maxBatch()} and the outputs
 * concatenated, bounding the memory of one session run.
 */
public final class LoadedSavedModel implements AutoCloseable {
  /** Default rows per session run. */
  public static final int DEFAULT_MAX_BATCH = 256;

  private final Path dir;
  private final SavedModelBundle bundle;
  private final List<String> tags;
  private final Map<String, SignatureInfo> signatures;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile int maxBatch = DEFAULT_MAX_BATCH;

  LoadedSavedModel(Path dir, SavedModelBundle bundle) {
    this.dir = dir;
    this.bundle = bundle;
    this.tags = List.copyOf(bundle.metaGraphDef().getMetaInfoDef().getTagsList());
    this.signatures = SignatureDefs.of(bundle.metaGraphDef());
  }

  public Path dir() { return dir; }
  public List<String> tags() { return tags; }

  /** Every SignatureDef by key, including internal ones such as {@code __saved_model_init_op}. */
  public Map<String, SignatureInfo> signatures() { return signatures; }

  public SignatureInfo signature(String key) {
    SignatureInfo s = signatures.get(key);
    if (s == null) throw new Fer4jException(dir + ": no signature '" + key + "' (has " + signatures.keySet() + ")");
    return s;
  }

  public int maxBatch() { return maxBatch; }

  public LoadedSavedModel maxBatch(int rows) {
    if (rows < 1) throw new IllegalArgumentException("maxBatch must be positive");
    maxBatch = rows;
    return this;
  }

  /**
   * Runs signature {@code key} on named inputs and returns every output by key. Values whose
   * dtype differs from the signature's are converted when exact (ints to float, integral floats
   * to ints); ranks and known dimensions must match.
   */
  public Map<String, TensorValue> predict(String key, Map<String, TensorValue> inputs) {
    if (closed.get()) throw new IllegalStateException(dir + ": model is closed");
    SignatureInfo sig = signature(key);
    Map<String, TensorValue> feed = Inputs.check(sig, inputs);
    long rows = Inputs.commonBatch(sig, feed);
    if (rows <= maxBatch) return run(sig, feed);
    Map<String, List<TensorValue>> parts = new LinkedHashMap<>();
    for (long from = 0; from < rows; from += maxBatch) {
      long to = Math.min(rows, from + maxBatch);
      Map<String, TensorValue> chunk = new LinkedHashMap<>();
      for (Map.Entry<String, TensorValue> e : feed.entrySet()) chunk.put(e.getKey(), e.getValue().slice(from, to));
      run(sig, chunk).forEach((k, v) -> parts.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    Map<String, TensorValue> out = new LinkedHashMap<>();
    parts.forEach((k, v) -> out.put(k, TensorValue.concat(v)));
    return out;
  }

  /** Convenience for one input and one output. */
  public TensorValue predict(String key, TensorValue input) {
    SignatureInfo sig = signature(key);
    if (sig.inputs().size() != 1) throw new Fer4jException(dir + ": signature '" + key + "' has inputs " + sig.inputs().keySet() + ", not one");
    Map<String, TensorValue> out = predict(key, Map.of(sig.inputs().keySet().iterator().next(), input));
    return out.values().iterator().next();
  }

  private Map<String, TensorValue> run(SignatureInfo sig, Map<String, TensorValue> feed) {
    List<Tensor> natives = new ArrayList<>(feed.size());
    try {
      Session.Runner runner = bundle.session().runner();
      for (Map.Entry<String, TensorValue> e : feed.entrySet()) {
        Tensor t = Tensors.toNative(e.getValue());
        natives.add(t);
        runner.feed(sig.inputs().get(e.getKey()).tensorName(), t);
      }
      List<String> keys = new ArrayList<>(sig.outputs().keySet());
      for (String k : keys) runner.fetch(sig.outputs().get(k).tensorName());
      try (Result r = runner.run()) {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), Tensors.fromNative(r.get(i), "output '" + keys.get(i) + "'"));
        return out;
      }
    } catch (Fer4jException e) {
      throw e;
    } catch (RuntimeException e) { // TF reports bad feeds as TFInvalidArgumentException
      throw new Fer4jException(dir + ": signature '" + sig.key() + "' failed: " + firstLine(e), e);
    } finally {
      for (Tensor t : natives) t.close();
    }
  }

  static String firstLine(Throwable e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) bundle.close();
  }

  @Override
  public String toString() { return "SavedModel " + dir + " tags " + tags + " signatures " + signatures.keySet() + " maxBatch " + maxBatch; }
}
