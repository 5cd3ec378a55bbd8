package io.fer4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Weight;
import io.fer4j.util.AtomicDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Writes a model as a TF Serving SavedModel: a fresh graph holding only the inference path
 * (BN moving statistics, no dropout, no optimizer), its variables set from the model, signature
 * {@code serving_default} with method {@code tensorflow/serving/predict}, input named after the
 * InputLayer and output {@code output_0} (probabilities). A {@code fer4j.json} beside it records
 * class names and input scaling; TF Serving ignores it.
 */
public final class SavedModelExport {
  public static final String SIGNATURE = "serving_default";
  public static final String METHOD = "tensorflow/serving/predict";
  public static final String OUTPUT = "output_0";
  public static final String METADATA = "fer4j.json";

  private SavedModelExport() {}

  static void export(Sequential model, Path dir) {
    List<float[]> values = model.getWeights();
    AtomicDirectory.write(dir, tmp -> {
      try (ModelGraph g = new ModelGraph(model.layers(), model.inputShape(), model.inputLayer().name(), model.numOutputs(), null, 0, true)) {
        Map<Variable<TFloat32>, float[]> feed = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<Weight, Variable<TFloat32>> e : g.vars.entrySet()) feed.put(e.getValue(), values.get(i++));
        g.assignFloats(feed);
        Signature sig = Signature.builder().key(SIGNATURE).methodName(METHOD)
            .input(model.inputLayer().name(), g.input).output(OUTPUT, g.probs).build();
        SavedModelBundle.exporter(tmp.toString()).withSession(g.session).withSignature(sig).export();
      }
      writeMetadata(model, tmp.resolve(METADATA));
    });
  }

  private static void writeMetadata(Sequential model, Path file) throws IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode meta = om.createObjectNode();
    meta.put("format", "fer4j-savedmodel-1");
    meta.put("model", model.name());
    if (model.classNames() != null) {
      var arr = meta.putArray("classes");
      model.classNames().forEach(arr::add);
    }
    meta.put("input_scale", 1.0 / 255.0);
    meta.put("input_offset", 0.0);
    // the layer config, so that the export can be rebuilt as a trainable model (.keras, fine-tuning)
    meta.set("keras_config", io.fer4j.keras.FerSavedModels.architecture(model));
    Files.writeString(file, om.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
  }

  /** Reads class names and input scaling written by fer4j, if present. */
  public static ObjectNode readMetadata(Path dir) {
    Path f = dir.resolve(METADATA);
    if (!Files.isRegularFile(f)) return null;
    try {
      return (ObjectNode) new ObjectMapper().readTree(f.toFile());
    } catch (IOException | ClassCastException e) {
      throw new Fer4jException(f + ": unreadable fer4j metadata (" + e.getMessage() + ")");
    }
  }
}
