package io.fer4j.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy, categorical cross-entropy (probabilities clipped to [1e-7, 1-1e-7], as Keras), and
 * per-class precision, recall, F1 and support with the confusion matrix (rows true, columns
 * predicted).
 */
public final class ClassificationReport {
  private final List<String> classes;
  private final long[][] confusion;
  private final double loss;
  private final int n;

  public ClassificationReport(List<String> classes, float[][] probabilities, int[] labels) {
    this.classes = List.copyOf(classes);
    int k = classes.size();
    confusion = new long[k][k];
    double lossSum = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] p = probabilities[i];
      int best = 0;
      for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      confusion[labels[i]][best]++;
      double sum = 0;
      for (float v : p) sum += v;
      double pt = sum > 0 ? p[labels[i]] / sum : 0;
      lossSum += -Math.log(Math.min(1 - 1e-7, Math.max(1e-7, pt)));
    }
    n = labels.length;
    loss = n == 0 ? Double.NaN : lossSum / n;
  }

  public double accuracy() {
    long hit = 0;
    for (int i = 0; i < confusion.length; i++) hit += confusion[i][i];
    return n == 0 ? Double.NaN : (double) hit / n;
  }

  public double loss() { return loss; }
  public long[][] confusion() { return confusion; }
  public List<String> classes() { return classes; }
  public int count() { return n; }

  public double recall(int c) {
    long row = 0;
    for (long v : confusion[c]) row += v;
    return row == 0 ? 0 : (double) confusion[c][c] / row;
  }

  public double precision(int c) {
    long col = 0;
    for (long[] r : confusion) col += r[c];
    return col == 0 ? 0 : (double) confusion[c][c] / col;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public long support(int c) {
    long row = 0;
    for (long v : confusion[c]) row += v;
    return row;
  }

  public ObjectNode toJson() {
    ObjectMapper om = new ObjectMapper();
    ObjectNode o = om.createObjectNode();
    o.put("accuracy", accuracy());
    o.put("loss", loss);
    o.put("samples", n);
    ArrayNode cl = o.putArray("classes");
    classes.forEach(cl::add);
    ObjectNode per = o.putObject("per_class");
    for (int c = 0; c < classes.size(); c++) {
      ObjectNode e = per.putObject(classes.get(c));
      e.put("precision", precision(c));
      e.put("recall", recall(c));
      e.put("f1", f1(c));
      e.put("support", support(c));
    }
    ArrayNode cm = o.putArray("confusion_matrix");
    for (long[] row : confusion) {
      ArrayNode r = cm.addArray();
      for (long v : row) r.add(v);
    }
    return o;
  }

  /** A human-readable table. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "accuracy: %.4f   loss: %.4f   samples: %d%n%n", accuracy(), loss, n));
    int w = Math.max(9, classes.stream().mapToInt(String::length).max().orElse(5) + 1);
    sb.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
    for (int c = 0; c < classes.size(); c++) {
      sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %8d%n", classes.get(c), precision(c), recall(c), f1(c), support(c)));
    }
    sb.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: true, columns: predicted)%n%-" + w + "s", ""));
    for (String c : classes) sb.append(String.format(Locale.ROOT, " %8s", c.length() > 8 ? c.substring(0, 8) : c));
    sb.append('\n');
    for (int r = 0; r < classes.size(); r++) {
      sb.append(String.format(Locale.ROOT, "%-" + w + "s", classes.get(r)));
      for (long v : confusion[r]) sb.append(String.format(Locale.ROOT, " %8d", v));
      sb.append('\n');
    }
    return sb.toString();
  }
}
