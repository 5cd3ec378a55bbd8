package io.fer4j.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.model.SavedModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Any SavedModel with one image input (e.g. Keras' model.export, tf.keras model.save, fer4j
 * exports): the input's name, shape and dtype come from the signature, never from assumptions
 * (Keras names it keras_tensor_N, tf.keras conv2d_input, ...). Thread-safe.
 */
public final class SavedModelImageModel implements ImageModel {
  private final Path dir;
  private final SavedModelBundle bundle;
  private final String inputTensor;
  private final String outputTensor;
  private final long[] inputShape;
  private final int outputs;
  private final List<String> classes;
  private final float[] scaling;
  private final String signatureKey;

  public SavedModelImageModel(Path dir) {
    this.dir = dir;
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) throw new Fer4jException(dir + ": not a SavedModel (no saved_model.pb)");
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(io.fer4j.Devices.sessionConfig()).load();
    } catch (RuntimeException e) {
      throw new Fer4jException(dir + ": cannot load SavedModel with tag 'serve' (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    }
    try {
      Signature sig = pickSignature(bundle.signatures());
      signatureKey = sig.key();
      Map<String, Signature.TensorDescription> ins = sig.getInputs();
      if (ins.size() != 1) throw new Fer4jException(dir + ": signature '" + sig.key() + "' has " + ins.size() + " inputs " + ins.keySet() + "; an image model has one");
      Map.Entry<String, Signature.TensorDescription> in = ins.entrySet().iterator().next();
      Shape s = in.getValue().shape;
      if (s.numDimensions() != 4 || s.get(3) < 1 || s.get(3) > 4 || s.get(1) <= 0 || s.get(2) <= 0) {
        throw new Fer4jException(dir + ": model input '" + in.getKey() + "' is not an image (shape " + s + ", expected [-1, H, W, C])");
      }
      if (in.getValue().dataType != DataType.DT_FLOAT) {
        throw new Fer4jException(dir + ": model input '" + in.getKey() + "' has dtype " + in.getValue().dataType + "; image models here take float32");
      }
      inputTensor = in.getValue().name;
      inputShape = new long[] {s.get(1), s.get(2), s.get(3)};
      Map<String, Signature.TensorDescription> outs = sig.getOutputs();
      Signature.TensorDescription out = outs.containsKey("output_0") ? outs.get("output_0") : outs.values().iterator().next();
      if (outs.size() != 1 && !outs.containsKey("output_0")) throw new Fer4jException(dir + ": signature '" + sig.key() + "' has outputs " + outs.keySet() + "; expected one");
      if (out.shape.numDimensions() != 2 || out.shape.get(1) <= 0) throw new Fer4jException(dir + ": model output has shape " + out.shape + ", expected [-1, classes]");
      outputTensor = out.name;
      outputs = (int) out.shape.get(1);
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
      bundle.close();
      throw e;
    }
  }

  private Signature pickSignature(List<Signature> sigs) {
    for (Signature s : sigs) if (s.key().equals("serving_default")) return s;
    List<Signature> usable = sigs.stream().filter(s -> !s.key().startsWith("__")).toList();
    if (usable.size() == 1) return usable.get(0);
    throw new Fer4jException(dir + ": no 'serving_default' signature (has " + sigs.stream().map(Signature::key).toList() + ")");
  }

  @Override public long[] inputShape() { return inputShape.clone(); }
  @Override public int numOutputs() { return outputs; }
  @Override public List<String> classes() { return classes; }
  @Override public float[] inputScaling() { return scaling; }
  @Override public String describe() { return "SavedModel " + dir + " (signature " + signatureKey + ")"; }

  @Override
  public float[][] predict(float[] inputs, int n) {
    Session s = bundle.session();
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, inputShape[0], inputShape[1], inputShape[2]), DataBuffers.of(inputs, true, false));
         Result r = s.runner().feed(inputTensor, x).fetch(outputTensor).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      int k = (int) t.shape().get(1);
      float[] flat = new float[n * k];
      t.copyTo(DataBuffers.of(flat, false, false));
      float[][] rows = new float[n][k];
      for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, rows[i], 0, k);
      return rows;
    } catch (RuntimeException e) { // TF reports bad input as TFInvalidArgumentException (an IllegalArgumentException)
      if (e instanceof Fer4jException) throw e;
      throw new Fer4jException(dir + ": prediction failed (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    }
  }

  @Override
  public void close() { bundle.close(); }
}
