package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Weight;
import io.fer4j.model.Model;
import io.fer4j.model.SavedModelExport;
import io.fer4j.util.FloatTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * Rebuilds a trainable {@link Model} from a SavedModel that fer4j exported: the Keras layer
 * config comes from the {@code keras_config} entry of its {@code fer4j.json}, the weights from
 * the SavedModel's variables (named by their Keras paths), the class names and input scaling
 * from the same file. This is what lets a training run's best checkpoint become a {@code .keras}
 * file or the start of a fine-tuning run. SavedModels from other writers hold a graph, not a
 * layer config, and are refused.
 */
public final class FerSavedModels {
  private FerSavedModels() {}

  /** Whether {@code dir} is a fer4j export (its fer4j.json carries a keras_config). */
  public static boolean isFerExport(Path dir) {
    ObjectNode meta = SavedModelExport.readMetadata(dir);
    return meta != null && meta.get("keras_config") != null && meta.get("keras_config").isObject();
  }

  public static Model load(Path dir) {
    ObjectNode meta = SavedModelExport.readMetadata(dir);
    JsonNode cfg = meta == null ? null : meta.get("keras_config");
    if (cfg == null || !cfg.isObject()) {
      throw new Fer4jException(dir + ": a SavedModel without fer4j's keras_config metadata cannot be rebuilt as a trainable model (it holds a graph, not layers); use the .keras or .h5 it came from");
    }
    Model model = Configs.model(dir + " (fer4j.json keras_config)", cfg);
    try {
      model.setWeights(readVariables(dir, model));
      JsonNode classes = meta.get("classes");
      if (classes != null && classes.isArray() && classes.size() == model.numOutputs()) {
        List<String> names = new ArrayList<>();
        classes.forEach(c -> names.add(c.asText()));
        model.setClassNames(names);
      }
      if (meta.path("input_scale").isNumber()) model.setInputScaling(meta.get("input_scale").asDouble(), meta.path("input_offset").asDouble(0));
      return model;
    } catch (RuntimeException e) {
      KerasFiles.closeQuietly(model);
      throw e;
    }
  }

  private static Map<Weight, float[]> readVariables(Path dir, Model model) {
    Map<Weight, float[]> values = new IdentityHashMap<>();
    Map<Weight, String> paths = model.variablePaths();
    try (SavedModelBundle b = SavedModelBundle.loader(dir.toString()).withTags("serve").load()) {
      Session s = b.session();
      for (Weight w : model.weights()) {
        String path = paths.get(w);
        try (Result r = s.runner().fetch(path).run()) {
          Tensor t = r.get(0);
          if (!(t instanceof TFloat32 f)) throw new Fer4jException(dir + ": variable " + path + " is not float32");
          if (f.shape().size() != w.size()) {
            throw new Fer4jException(dir + ": variable " + path + " has shape " + f.shape() + ", the config needs " + java.util.Arrays.toString(w.shape()));
          }
          values.put(w, FloatTensors.floats(f));
        } catch (IllegalArgumentException e) {
          throw new Fer4jException(dir + ": no variable " + path + " (not a fer4j export of this architecture)");
        }
      }
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new Fer4jException(dir + ": cannot load the SavedModel (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    return values;
  }
}
