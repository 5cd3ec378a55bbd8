package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import io.fer4j.model.Model;
import java.util.IdentityHashMap;
import java.util.Map;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a legacy full-model HDF5 file ({@code model.save("x.h5")}): the {@code model_config}
 * attribute, then {@code model_weights}. As Keras' {@code load_weights_from_hdf5_group}, weights
 * are matched by position, not by name: the file's layers that have weights, in
 * {@code layer_names} order, pair with the model's layers that have weights, and each layer's
 * arrays come in {@code weight_names} order, which is Keras' {@code trainable_weights +
 * non_trainable_weights} of that layer (a nested model's whole weight list) (tf.keras 2 names like {@code conv2d/kernel:0},
 * Keras 3 variable paths without {@code :0}). Compiled from {@code training_config} and with the
 * optimizer weights restored when fer4j supports them.
 */
final class LegacyH5Loader {
  private LegacyH5Loader() {}

  /** Files up to this size are parsed from memory (see {@link #open}). */
  private static final long IN_MEMORY_MAX = 1L << 30;

  /**
   * Opens the file from a byte array when it fits: through a file channel jhdf allocates whatever
   * buffer a header declares (the fuzz suite found a 2.5 KB file whose global heap made it fill
   * 2 GB for 3 s before failing); from memory an out-of-range size fails at once.
   */
  private static HdfFile open(Path file) throws java.io.IOException {
    if (java.nio.file.Files.size(file) <= IN_MEMORY_MAX) return HdfFile.fromBytes(java.nio.file.Files.readAllBytes(file));
    return new HdfFile(file);
  }

  static Model load(Path file) {
    String source = file.toString();
    Model model = null;
    try (HdfFile h5 = open(file)) {
      String cfgText = H5.joinedString(h5, "model_config");
      if (cfgText == null) {
        if (H5.group(h5, "layers") != null || H5.group(h5, "vars") != null) {
          throw new Fer4jException(source + ": a weights-only file (model.save_weights), not a full model: it has no model_config");
        }
        throw new Fer4jException(source + ": not a Keras model file (no model_config attribute)");
      }
      model = Configs.model(source, KerasFiles.parseJson(source + " model_config", cfgText));
      Group weights = H5.group(h5, "model_weights");
      if (weights == null) weights = h5; // load_weights-style files keep the layers at the root
      loadWeights(source, weights, model);
      String training = H5.joinedString(h5, "training_config");
      if (training != null) {
        JsonNode tc = KerasFiles.parseJson(source + " training_config", training);
        if (CompileConfig.compile(tc, model)) restoreOptimizer(source, H5.group(h5, "optimizer_weights"), model);
      }
      return model;
    } catch (HdfException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | UnsupportedOperationException | java.nio.BufferUnderflowException e) {
      KerasFiles.closeQuietly(model);
      throw new Fer4jException(source + ": unreadable HDF5 (" + KerasFiles.firstLine(e) + ")", e);
    } catch (java.io.IOException e) {
      KerasFiles.closeQuietly(model);
      throw new Fer4jException(source + ": cannot read (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) { // jhdf on malformed files also throws ArithmeticException, NegativeArraySizeException, ...
      KerasFiles.closeQuietly(model);
      if (e instanceof Fer4jException) throw e;
      throw new Fer4jException(source + ": unreadable HDF5 (" + e.getClass().getSimpleName() + ": " + KerasFiles.firstLine(e) + ")", e);
    }
  }

  private static void loadWeights(String source, Group root, Model model) {
    List<String> layerNames = H5.strings(root, "layer_names");
    List<Group> fileLayers = new ArrayList<>();
    List<List<String>> fileWeights = new ArrayList<>();
    for (String name : layerNames) {
      Node n = root.getChildren().get(name);
      if (!(n instanceof Group g)) throw new Fer4jException(source + ": layer group '" + name + "' named in layer_names is missing");
      List<String> wn = H5.strings(g, "weight_names");
      if (!wn.isEmpty()) {
        fileLayers.add(g);
        fileWeights.add(wn);
      }
    }
    List<Layer> weighted = new ArrayList<>();
    for (Layer l : model.layers()) if (!l.weights().isEmpty()) weighted.add(l);
    if (weighted.size() != fileLayers.size()) {
      throw new Fer4jException(source + ": layer count mismatch: the model has " + weighted.size() + " layers with weights, the file " + fileLayers.size());
    }
    Map<Weight, float[]> values = new IdentityHashMap<>();
    for (int i = 0; i < weighted.size(); i++) {
      Layer l = weighted.get(i);
      List<Weight> ws = new ArrayList<>(l.trainableWeights());
      ws.addAll(l.nonTrainableWeights());
      List<String> names = fileWeights.get(i);
      if (names.size() != ws.size()) {
        throw new Fer4jException(source + ": layer " + l.name() + " (" + l.className() + ") needs " + ws.size() + " weight arrays, file layer '" + fileLayers.get(i).getName() + "' has " + names.size());
      }
      for (int k = 0; k < ws.size(); k++) {
        Node d = find(fileLayers.get(i), names.get(k));
        if (d == null) throw new Fer4jException(source + ": missing dataset " + fileLayers.get(i).getPath() + "/" + names.get(k));
        values.put(ws.get(k), H5.floats(source, d, ws.get(k).shape(), fileLayers.get(i).getPath() + "/" + names.get(k)));
      }
    }
    model.setWeights(values);
  }

  private static Node find(Group g, String path) {
    Node cur = g;
    for (String part : path.split("/")) {
      if (!(cur instanceof Group cg)) return null;
      cur = cg.getChildren().get(part);
      if (cur == null) return null;
    }
    return cur;
  }

  private static void restoreOptimizer(String source, Group opt, Model model) {
    if (opt == null) return;
    List<String> names = H5.strings(opt, "weight_names");
    List<Node> items = new ArrayList<>();
    for (String n : names) {
      Node d = find(opt, n);
      if (d == null) throw new Fer4jException(source + ": missing optimizer dataset " + n);
      items.add(d);
    }
    CompileConfig.restoreOptimizer(source, items, names, model);
  }
}
