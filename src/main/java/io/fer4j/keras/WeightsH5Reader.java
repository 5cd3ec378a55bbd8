package io.fer4j.keras;

import io.fer4j.Fer4jException;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import io.fer4j.model.Model;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code model.weights.h5} of a {@code .keras} archive into a model.
 *
 * <p>Keras 3: each layer's variables are {@code layers/<snake_class>[_n]/vars/0..k}, the suffix
 * counting layers of the same class in {@code model.layers} order (never the layer name); a
 * nested model's group holds its own {@code layers/...} the same way.
 *
 * <p>tf.keras 2.13–2.15: the groups sit under {@code _layer_checkpoint_dependencies} instead,
 * with suffixes that skip numbers (conv2d, conv2d_2, conv2d_4…) and, for files written on Windows,
 * a literal backslash in the group name ({@code _layer_checkpoint_dependencies\conv2d}). There the
 * groups of one class are matched to the model's layers of that class in suffix order; every
 * shape is checked, so a wrong match fails instead of loading.
 */
final class WeightsH5Reader {
  private static final String LCD = "_layer_checkpoint_dependencies";
  private static final Pattern SUFFIX = Pattern.compile("^(.*?)(?:_(\\d+))?$");

  private WeightsH5Reader() {}

  static void read(String source, Group root, Model model) {
    Map<Weight, float[]> values = new IdentityHashMap<>();
    if (H5.group(root, "layers") != null) readKeras3(source, root, model, values);
    else readLegacyCheckpoint(source, root, model, values);
    model.setWeights(values);
  }

  /** Keras 3 layout, recursively for nested models. */
  private static void readKeras3(String source, Group container, Model model, Map<Weight, float[]> values) {
    Group layers = H5.group(container, "layers");
    Map<String, Integer> counts = new HashMap<>();
    for (Layer l : model.layers()) {
      String stem = Layer.snakeCase(l.className());
      int n = counts.merge(stem, 1, Integer::sum) - 1;
      String name = n == 0 ? stem : stem + "_" + n;
      Group g = layers == null ? null : H5.group(layers, name);
      if (l instanceof Model sub) {
        if (sub.weights().isEmpty()) continue;
        if (g == null) throw new Fer4jException(source + ": no group for nested model " + l.name() + " at " + container.getPath() + "layers/" + name);
        readKeras3(source, g, sub, values);
        continue;
      }
      readVars(source, l, g == null ? null : H5.group(g, "vars"), values);
    }
  }

  private static void readVars(String source, Layer l, Group vars, Map<Weight, float[]> values) {
    List<Weight> ws = l.weights();
    int stored = vars == null ? 0 : vars.getChildren().size();
    if (stored != ws.size()) {
      throw new Fer4jException(source + ": layer " + l.name() + " (" + l.className() + ") needs " + ws.size() + " weight arrays, the file has " + stored
          + (vars == null ? "" : " at " + vars.getPath()));
    }
    for (int i = 0; i < ws.size(); i++) {
      Node n = vars.getChildren().get(Integer.toString(i));
      String at = vars.getPath().replaceAll("/$", "") + "/" + i;
      if (n == null) throw new Fer4jException(source + ": missing dataset " + at);
      values.put(ws.get(i), H5.floats(source, n, ws.get(i).shape(), at + " (" + l.name() + "/" + ws.get(i).name() + ")"));
    }
  }

  /** tf.keras 2.13-2.15: "_layer_checkpoint_dependencies/<name>" or, from Windows, "_layer_checkpoint_dependencies\<name>". */
  private static void readLegacyCheckpoint(String source, Group root, Model model, Map<Weight, float[]> values) {
    Map<String, Group> byName = new HashMap<>();
    Group lcd = H5.group(root, LCD);
    if (lcd != null) {
      for (Map.Entry<String, Node> e : lcd.getChildren().entrySet()) if (e.getValue() instanceof Group g) byName.put(e.getKey(), g);
    }
    for (Map.Entry<String, Node> e : root.getChildren().entrySet()) {
      if (e.getKey().startsWith(LCD + "\\") && e.getValue() instanceof Group g) byName.put(e.getKey().substring(LCD.length() + 1), g);
    }
    List<Layer> layers = model.layers();
    if (byName.isEmpty()) {
      if (!model.weights().isEmpty()) throw new Fer4jException(source + ": model.weights.h5 has neither 'layers' nor '" + LCD + "' groups");
      return;
    }
    for (Layer l : layers) {
      if (l instanceof Model && !l.weights().isEmpty()) throw new Fer4jException(source + ": nested model " + l.name() + " in a tf.keras 2 .keras file (not supported; re-save with Keras 3 or as .h5)");
    }
    Map<String, List<Map.Entry<Integer, Group>>> byStem = new HashMap<>();
    for (Map.Entry<String, Group> e : byName.entrySet()) {
      Group vars = H5.group(e.getValue(), "vars");
      if (vars == null || vars.getChildren().isEmpty()) continue; // weightless layer
      Matcher m = SUFFIX.matcher(e.getKey());
      m.matches();
      int k = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      byStem.computeIfAbsent(m.group(1), s -> new ArrayList<>()).add(Map.entry(k, vars));
    }
    byStem.values().forEach(list -> list.sort(Comparator.comparing(Map.Entry::getKey)));
    Map<String, Integer> used = new HashMap<>();
    for (Layer l : layers) {
      if (l.weights().isEmpty()) continue;
      String stem = Layer.snakeCase(l.className());
      List<Map.Entry<Integer, Group>> list = byStem.getOrDefault(stem, List.of());
      int i = used.merge(stem, 1, Integer::sum) - 1;
      if (i >= list.size()) throw new Fer4jException(source + ": the file has " + list.size() + " weighted '" + stem + "' groups, the model needs more");
      readVars(source, l, list.get(i).getValue(), values);
    }
    for (Map.Entry<String, List<Map.Entry<Integer, Group>>> e : byStem.entrySet()) {
      if (used.getOrDefault(e.getKey(), 0) != e.getValue().size()) {
        throw new Fer4jException(source + ": the file has " + e.getValue().size() + " weighted '" + e.getKey() + "' groups, the model uses " + used.getOrDefault(e.getKey(), 0));
      }
    }
  }

  /** The optimizer variables group ({@code optimizer/vars}), or null. */
  static Group optimizerVars(Group root) {
    Group o = H5.group(root, "optimizer");
    return o == null ? null : H5.group(o, "vars");
  }
}
