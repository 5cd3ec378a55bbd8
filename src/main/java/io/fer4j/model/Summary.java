package io.fer4j.model;

import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Node;
import io.fer4j.layers.Weight;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders Keras 3's model.summary() table and its parameter totals: Layer (type), Output Shape,
 * Param # for a Sequential; a Functional model adds "Connected to" ({@code conv2d[0][0]}, one
 * input per line) and lists its InputLayers. Long cells wrap as rich wraps them in Keras.
 */
final class Summary {
  private static final int[] SEQ = {33, 24, 15};
  private static final int[] FUN = {33, 24, 13, 29};

  private Summary() {}

  static String of(Model m) {
    boolean functional = !(m instanceof Sequential);
    int[] w = functional ? FUN : SEQ;
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(m.name()).append("\"\n");
    sb.append(rule(w, '┏', '━', '┳', '┓')).append('\n');
    List<String> head = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
    if (functional) head.add("Connected to");
    sb.append(row(w, '┃', head)).append('\n');
    sb.append(rule(w, '┡', '━', '╇', '┩')).append('\n');
    Set<Node> inModel = new HashSet<>(m.topology().nodes);
    Map<Node, Integer> reindex = new IdentityHashMap<>();
    for (Layer l : m.layers()) {
      int k = 0;
      for (Node n : l.inboundNodes()) if (inModel.contains(n)) reindex.put(n, k++);
    }
    List<Layer> layers = m.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      List<List<String>> cells = new ArrayList<>();
      String label = l.name() + " (" + l.className() + ")";
      cells.add(label.length() <= w[0] - 2 ? List.of(label) : List.of(l.name(), "(" + l.className() + ")"));
      cells.add(List.of(shape(l.outputShape())));
      cells.add(List.of(String.format(Locale.ROOT, "%,d", l.countParams())));
      if (functional) cells.add(connections(l, inModel, reindex));
      int lines = 0;
      for (List<String> c : cells) lines = Math.max(lines, c.size());
      for (int k = 0; k < lines; k++) {
        List<String> r = new ArrayList<>();
        for (List<String> c : cells) r.add(k < c.size() ? c.get(k) : "");
        sb.append(row(w, '│', r)).append('\n');
      }
      sb.append(i + 1 < layers.size() ? rule(w, '├', '─', '┼', '┤') : rule(w, '└', '─', '┴', '┘')).append('\n');
    }
    long total = 0;
    long trainable = 0;
    for (Weight x : m.weights()) {
      total += x.size();
      if (x.trainable()) trainable += x.size();
    }
    sb.append(" Total params: ").append(count(total)).append('\n');
    sb.append(" Trainable params: ").append(count(trainable)).append('\n');
    sb.append(" Non-trainable params: ").append(count(total - trainable)).append('\n');
    return sb.toString();
  }

  private static List<String> connections(Layer l, Set<Node> inModel, Map<Node, Integer> reindex) {
    List<String> out = new ArrayList<>();
    for (Node n : l.inboundNodes()) {
      if (!inModel.contains(n)) continue;
      for (KerasTensor t : n.inputs()) out.add(t.layer().name() + "[" + reindex.getOrDefault(t.node(), 0) + "][0]");
    }
    if (out.isEmpty()) return List.of("-");
    for (int i = 0; i + 1 < out.size(); i++) out.set(i, out.get(i) + ",");
    return out;
  }

  static String count(long params) {
    return String.format(Locale.ROOT, "%,d (%s)", params, readableSize(params * 4));
  }

  /** Keras' readable_memory_size: 1024-based B/KB/MB/GB with two decimals. */
  static String readableSize(double bytes) {
    String[] units = {"B", "KB", "MB", "GB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f %s", bytes, units[u]);
  }

  private static String shape(long[] s) {
    StringBuilder sb = new StringBuilder("(None");
    for (long d : s) sb.append(", ").append(d);
    return sb.append(')').toString();
  }

  private static String rule(int[] w, char left, char fill, char mid, char right) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int i = 0; i < w.length; i++) {
      sb.append(String.valueOf(fill).repeat(w[i]));
      sb.append(i + 1 < w.length ? mid : right);
    }
    return sb.toString();
  }

  /** One table row; the Param # column is right-aligned, cells too long end in "…" as rich does. */
  private static String row(int[] w, char bar, List<String> cells) {
    StringBuilder sb = new StringBuilder().append(bar);
    for (int i = 0; i < w.length; i++) {
      String c = cells.get(i);
      int room = w[i] - 2;
      if (c.length() > room) c = c.substring(0, room - 1) + "…";
      String padded = i == 2 ? " ".repeat(room - c.length()) + c : c + " ".repeat(room - c.length());
      sb.append(' ').append(padded).append(' ').append(bar);
    }
    return sb.toString();
  }
}
