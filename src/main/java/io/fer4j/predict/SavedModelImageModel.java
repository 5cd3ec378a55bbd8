package io.fer4j.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.model.SavedModelExport;
import io.fer4j.savedmodel.DType;
import io.fer4j.savedmodel.ImageSignature;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.TensorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any SavedModel with one image input (e.g. Keras' model.export, tf.keras model.save, fer4j
 * exports) as an {@link ImageModel}: loaded by {@link SavedModels}, its input's name, shape and
 * dtype read by {@link ImageSignature} from the signature, never assumed (Keras names it
 * keras_tensor_N, tf.keras conv2d_input, ...). Class names and input scaling come from a
 * fer4j.json beside it when there is one. Thread-safe.
 */
public final class SavedModelImageModel implements ImageModel {
  private final Path dir;
  private final LoadedSavedModel model;
  private final ImageSignature sig;
  private final List<String> classes;
  private final float[] scaling;

  public SavedModelImageModel(Path dir) {
    this.dir = dir;
    this.model = SavedModels.load(dir);
    try {
      sig = ImageSignature.pick(model);
      if (sig.dtype() != DType.FLOAT32) throw new Fer4jException(dir + ": model input '" + sig.input() + "' has dtype " + sig.dtype() + "; image models here take float32");
      if (sig.classes() <= 0) throw new Fer4jException(dir + ": model output '" + sig.output() + "' is not [-1, classes]");
      ObjectNode meta = SavedModelExport.readMetadata(dir);
      List<String> names = null;
      float[] sc = null;
      if (meta != null) {
        if (meta.has("classes")) {
          names = new ArrayList<>();
          for (JsonNode c : meta.get("classes")) names.add(c.asText());
        }
        if (meta.has("input_scale")) sc = new float[] {(float) meta.get("input_scale").asDouble(), (float) meta.path("input_offset").asDouble(0)};
      }
      classes = names;
      scaling = sc;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override public long[] inputShape() { return new long[] {sig.height(), sig.width(), sig.channels()}; }
  @Override public int numOutputs() { return sig.classes(); }
  @Override public List<String> classes() { return classes; }
  @Override public float[] inputScaling() { return scaling; }
  @Override public String describe() { return "SavedModel " + dir + " (signature " + sig.signature() + ")"; }

  @Override
  public float[][] predict(float[] inputs, int n) {
    TensorValue x = TensorValue.ofFloats(inputs, n, sig.height(), sig.width(), sig.channels());
    float[] flat = model.predict(sig.signature(), Map.of(sig.input(), x)).get(sig.output()).floats();
    int k = flat.length / Math.max(1, n);
    float[][] rows = new float[n][k];
    for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, rows[i], 0, k);
    return rows;
  }

  @Override
  public void close() { model.close(); }
}
