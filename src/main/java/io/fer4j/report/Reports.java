package io.fer4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.predict.ClassificationReport;
import io.fer4j.util.OptionalDependency;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation and training reports as files a person opens: metrics.json, a confusion-matrix
 * heat map and, for a training run's history.csv, loss and accuracy curves (PNG, via XChart).
 * No XChart type appears here ({@link Charts} draws), so a library user without XChart gets
 * {@link OptionalDependency#XCHART}'s one-line error rather than a NoClassDefFoundError.
 */
public final class Reports {
  private Reports() {}

  /** Writes metrics.json and confusion_matrix.png into dir; returns the files written. */
  public static List<Path> evaluation(ClassificationReport r, ObjectNode extra, Path dir) {
    OptionalDependency.XCHART.require();
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      ObjectNode json = r.toJson();
      if (extra != null) json.setAll(extra);
      Path metrics = dir.resolve("metrics.json");
      Files.writeString(metrics, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json), StandardCharsets.UTF_8);
      out.add(metrics);
      out.add(confusionMatrix(r, dir.resolve("confusion_matrix.png")));
    } catch (IOException e) {
      throw new Fer4jException(dir + ": cannot write report (" + e.getMessage() + ")");
    }
    return out;
  }

  /**
   * Writes each sample's true label and probabilities as CSV ({@code index,label,predicted,<class>...},
   * in the order evaluated), so models can be compared or averaged face by face afterwards.
   */
  public static Path predictions(List<String> classes, float[][] probabilities, int[] labels, Path csv) {
    StringBuilder sb = new StringBuilder("index,label,predicted");
    for (String c : classes) sb.append(',').append(c);
    sb.append('\n');
    for (int i = 0; i < labels.length; i++) {
      float[] p = probabilities[i];
      int best = 0;
      for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      sb.append(i).append(',').append(classes.get(labels[i])).append(',').append(classes.get(best));
      for (float v : p) sb.append(',').append(v);
      sb.append('\n');
    }
    try {
      Files.createDirectories(csv.toAbsolutePath().getParent());
      Files.writeString(csv, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Fer4jException(csv + ": cannot write predictions (" + e.getMessage() + ")");
    }
    return csv;
  }

  /** A heat map of row-normalised recall with the counts; rows are true classes. */
  public static Path confusionMatrix(ClassificationReport r, Path png) throws IOException {
    OptionalDependency.XCHART.require();
    List<String> classes = r.classes();
    int k = classes.size();
    long[][] cm = r.confusion();
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      long row = 0;
      for (long v : cm[t]) row += v;
      for (int p = 0; p < k; p++) {
        double frac = row == 0 ? 0 : (double) cm[t][p] / row;
        // x = predicted, y = true (drawn top to bottom as in the usual layout)
        cells.add(new Number[] {p, k - 1 - t, Math.round(frac * 1000) / 10.0});
      }
    }
    List<String> yLabels = new ArrayList<>(classes);
    java.util.Collections.reverse(yLabels);
    Charts.heatMap(String.format("Confusion matrix (%% of true class), accuracy %.2f%%", 100 * r.accuracy()), classes, yLabels, cells, stripPng(png));
    return png;
  }

  /** Loss and accuracy curves (train and validation) from a Keras-style history.csv. */
  public static Path curves(Path historyCsv, Path png) {
    OptionalDependency.XCHART.require();
    Map<String, List<Double>> cols = new LinkedHashMap<>();
    List<Double> epochs = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(historyCsv, StandardCharsets.UTF_8);
      if (lines.size() < 2) throw new Fer4jException(historyCsv + ": no epochs to plot");
      String[] head = lines.get(0).split(",");
      for (String h : head) cols.put(h, new ArrayList<>());
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split(",");
        for (int i = 0; i < head.length && i < f.length; i++) cols.get(head[i]).add(Double.parseDouble(f[i]));
      }
      for (Double e : cols.get("epoch")) epochs.add(e + 1);
      Charts.lossAndAccuracy(epochs, cols, stripPng(png));
      return png;
    } catch (IOException | RuntimeException e) {
      if (e instanceof Fer4jException fe) throw fe;
      throw new Fer4jException(historyCsv + ": cannot plot (" + e.getMessage() + ")");
    }
  }

  private static String stripPng(Path p) {
    String s = p.toString();
    return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
  }
}
