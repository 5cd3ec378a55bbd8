package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Weight;
import io.fer4j.model.SavedModelExport;
import io.fer4j.model.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * Rebuilds a trainable {@link Sequential} from a SavedModel that fer4j exported: the Keras layer
 * config comes from the {@code keras_config} entry of its {@code fer4j.json}, the weights from
 * the SavedModel's variables ({@code <layer>/<weight>}, as fer4j names them). This is what lets a
 * training run's best checkpoint become a {@code .keras} file or the start of a fine-tuning run.
 * SavedModels from other writers hold a graph, not a layer config, and are refused.
 */
public final class FerSavedModels {
  private FerSavedModels() {}

  /** The Keras architecture (config.json form, without compile_config) written into fer4j.json. */
  public static ObjectNode architecture(Sequential model) {
    ObjectNode cfg = KerasConfigWriter.config(model);
    cfg.remove("compile_config");
    return cfg;
  }

  public static Sequential load(Path dir) {
    ObjectNode meta = SavedModelExport.readMetadata(dir);
    JsonNode cfg = meta == null ? null : meta.get("keras_config");
    if (cfg == null || !cfg.isObject()) {
      throw new Fer4jException(dir + ": a SavedModel without fer4j's keras_config metadata cannot be rebuilt as a trainable model (it holds a graph, not layers); use the .keras or .h5 it came from");
    }
    Sequential model = SequentialConfig.build(dir + " (fer4j.json keras_config)", cfg);
    try {
      model.setWeights(readVariables(dir, model.weights()));
      JsonNode classes = meta.get("classes");
      if (classes != null && classes.isArray() && classes.size() == model.numOutputs()) {
        List<String> names = new ArrayList<>();
        classes.forEach(c -> names.add(c.asText()));
        model.setClassNames(names);
      }
      return model;
    } catch (RuntimeException e) {
      KerasModels.closeQuietly(model);
      throw e;
    }
  }

  private static List<float[]> readVariables(Path dir, List<Weight> weights) {
    List<float[]> values = new ArrayList<>();
    try (SavedModelBundle b = SavedModelBundle.loader(dir.toString()).withTags("serve").load()) {
      Session s = b.session();
      for (Weight w : weights) {
        float[] v;
        try (Result r = s.runner().fetch(w.path()).run()) {
          Tensor t = r.get(0);
          if (!(t instanceof TFloat32 f)) throw new Fer4jException(dir + ": variable " + w.path() + " is not float32");
          if (f.shape().size() != w.size()) {
            throw new Fer4jException(dir + ": variable " + w.path() + " has shape " + f.shape() + ", the config needs " + java.util.Arrays.toString(w.shape()));
          }
          v = new float[(int) w.size()];
          f.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
        } catch (IllegalArgumentException e) {
          throw new Fer4jException(dir + ": no variable " + w.path() + " (not a fer4j export of this architecture)");
        }
        values.add(v);
      }
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new Fer4jException(dir + ": cannot load the SavedModel (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    return values;
  }
}
