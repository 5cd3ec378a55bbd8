package io.fer4j.model;

import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import java.util.Locale;

/** Renders Keras 3's model.summary() table and its parameter totals. */
final class Summary {
  private static final int[] W = {33, 24, 15};

  private Summary() {}

  static String of(Sequential m) {
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(m.name()).append("\"\n");
    sb.append(rule('┏', '━', '┳', '┓')).append('\n');
    sb.append(row('┃', "Layer (type)", "Output Shape", "Param #")).append('\n');
    sb.append(rule('┡', '━', '╇', '┩')).append('\n');
    long total = 0;
    long trainable = 0;
    for (int i = 0; i < m.layers().size(); i++) {
      Layer l = m.layers().get(i);
      long params = l.countParams();
      total += params;
      for (Weight w : l.weights()) if (w.trainable()) trainable += w.size();
      String label = l.name() + " (" + l.className() + ")";
      String p = String.format(Locale.ROOT, "%,d", params);
      if (label.length() <= W[0] - 2) {
        sb.append(row('│', label, shape(l.outputShape()), p)).append('\n');
      } else { // rich wraps the type onto a second line, as Keras shows it
        sb.append(row('│', l.name(), shape(l.outputShape()), p)).append('\n');
        sb.append(row('│', "(" + l.className() + ")", "", "")).append('\n');
      }
      sb.append(i + 1 < m.layers().size() ? rule('├', '─', '┼', '┤') : rule('└', '─', '┴', '┘')).append('\n');
    }
    sb.append(" Total params: ").append(count(total)).append('\n');
    sb.append(" Trainable params: ").append(count(trainable)).append('\n');
    sb.append(" Non-trainable params: ").append(count(total - trainable)).append('\n');
    return sb.toString();
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

  private static String rule(char left, char fill, char mid, char right) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int i = 0; i < W.length; i++) {
      sb.append(String.valueOf(fill).repeat(W[i]));
      sb.append(i + 1 < W.length ? mid : right);
    }
    return sb.toString();
  }

  private static String row(char bar, String a, String b, String c) {
    return bar + " " + pad(a, W[0] - 2) + " " + bar + " " + pad(b, W[1] - 2) + " " + bar + " " + lpad(c, W[2] - 2) + " " + bar;
  }

  private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }
  private static String lpad(String s, int w) { return s.length() >= w ? s : " ".repeat(w - s.length()) + s; }
}
