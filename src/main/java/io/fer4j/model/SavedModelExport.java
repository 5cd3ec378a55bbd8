package io.fer4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.InputLayer;
import io.fer4j.util.AtomicDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * Writes a model as a TF Serving SavedModel: a fresh graph holding only the inference path
 * (BN moving statistics, no dropout, no optimizer), its variables set from the model, signature
 * {@code serving_default} with method {@code tensorflow/serving/predict}, inputs named after the
 * InputLayers and outputs {@code output_0}, {@code output_1}, ... A {@code fer4j.json} beside it
 * records class names, the input scaling the model expects and its Keras config; TF Serving
 * ignores it.
 */
public final class SavedModelExport {
  public static final String SIGNATURE = "serving_default";
  public static final String METHOD = "tensorflow/serving/predict";
  public static final String OUTPUT = "output_0";
  public static final String METADATA = "fer4j.json";

  private SavedModelExport() {}

  static void export(Model model, Path dir) {
    AtomicDirectory.write(dir, tmp -> {
      try (ModelGraph g = exportGraph(model)) {
        Signature.Builder sig = Signature.builder().key(SIGNATURE).methodName(METHOD);
        List<InputLayer> ins = model.inputLayers();
        for (int i = 0; i < ins.size(); i++) sig.input(ins.get(i).name(), g.inputs.get(i));
        for (int i = 0; i < g.outputs.size(); i++) sig.output("output_" + i, g.outputs.get(i));
        SavedModelBundle.exporter(tmp.toString()).withSession(g.session).withSignature(sig.build()).export();
      }
      writeMetadata(model, tmp.resolve(METADATA));
    });
  }

  private static void writeMetadata(Model model, Path file) throws IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode meta = om.createObjectNode();
    meta.put("format", "fer4j-savedmodel-1");
    meta.put("model", model.name());
    if (model.classNames() != null) {
      var arr = meta.putArray("classes");
      model.classNames().forEach(arr::add);
    }
    double[] scaling = model.inputScaling();
    meta.put("input_scale", scaling[0]);
    meta.put("input_offset", scaling[1]);
    // the layer config, so that the export can be rebuilt as a trainable model (.keras, fine-tuning)
    meta.set("keras_config", ModelConfig.of(model));
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

  /** A fresh inference-only graph with this model's current weights (for exports). */
  static ModelGraph exportGraph(Model model) {
    List<float[]> values = model.getWeights();
    ModelGraph g = new ModelGraph(model, null, 0, true);
    Map<Operand<TFloat32>, float[]> feed = new LinkedHashMap<>();
    int i = 0;
    for (Operand<TFloat32> v : g.vars.values()) feed.put(v, values.get(i++));
    g.assignFloats(feed);
    return g;
  }

}
