package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.data.ValidationSplit;
import io.fer4j.predict.ClassificationReport;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates any image model on labelled data (and a compiled Keras model with its own loss and
 * metrics, as Keras' evaluate): accuracy, loss, per-class precision/recall/F1 and
 * the confusion matrix. Data classes are matched to the model's classes by name, so a model
 * trained on the CSV order evaluates correctly on alphabetical folders.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a model (SavedModel dir, .keras, .h5) on labelled images.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "SavedModel directory, .keras or .h5 file")
  String model;

  @Option(names = "--data", required = true, description = "DIR/<class>/*.jpg, FER2013 .csv (PrivateTest rows), or synthetic[:N] (held-out stream)")
  String data;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Option(names = "--batch-size", defaultValue = "256", description = "images per model call (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--report", description = "write metrics.json, confusion_matrix.png and predictions.csv (each face's label and probabilities) here (and curves.png when the model's run folder has a history.csv)")
  java.nio.file.Path report;

  @Option(names = "--subset", description = "validation or training: evaluate only that part of D as `train --validation-split F --seed S` splits it (D's training rows or stream, like train reads it), e.g. to score a model on the faces its training held out")
  String subset;

  @Option(names = "--validation-split", defaultValue = "0.1", description = "with --subset: the fraction train held out (default: ${DEFAULT-VALUE})")
  double validationSplit;

  @Option(names = "--seed", defaultValue = "1337", description = "with --subset: the seed train split with (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--on-error", defaultValue = "fail", description = "a bad image file in a data folder: fail (stop, the default) or skip (one line per bad file, evaluate the rest)")
  String onError;

  @Mixin ImageOptions image;

  @Override
  public Integer call() throws Exception {
    int part = subsetPart();
    boolean skip = OnError.parse(onError) == OnError.SKIP;
    java.util.List<String> skipped = new java.util.ArrayList<>();
    try (ImageModel m = Models.open(model)) {
      long[] s = image.readShape(m.inputShape());
      io.fer4j.Ensembles.Tta tta = image.tta();
      boolean plain = tta == io.fer4j.Ensembles.Tta.NONE && java.util.Arrays.equals(s, m.inputShape());
      List<String> classes = image.classes(m);
      float[] sc = image.scaling(m);
      ImageData d = Datasets.load(data, (int) s[0], (int) s[1], (int) s[2], image.interpolation(), subset != null,
          skip ? msg -> { skipped.add(msg); System.err.println("fer4j: skipped: " + msg); } : null);
      if (!skipped.isEmpty()) System.err.println("fer4j: skipped " + skipped.size() + " bad image file(s); evaluating the other " + d.size());
      if (part >= 0) d = ValidationSplit.split(d, validationSplit, seed)[part];
      if (!d.classes().equals(classes)) {
        if (classes.containsAll(d.classes())) {
          d = d.withClassOrder(classes);
        } else {
          throw new Fer4jException("data classes " + d.classes() + " do not match the model's classes " + classes + " (set --classes)");
        }
      }
      d = d.scaled(sc[0], sc[1]);
      float[][] outputs = Predictions.run(m, d, batchSize, tta);
      float[][] probs = OutputKind.asProbabilities(m, outputs);
      boolean softmaxed = false;
      for (int i = 0; i < probs.length; i++) softmaxed |= probs[i] != outputs[i];
      int[] labels = new int[d.size()];
      for (int i = 0; i < labels.length; i++) labels[i] = d.label(i);
      ClassificationReport r = new ClassificationReport(classes, probs, labels);
      // a compiled Keras model also reports what Keras' model.evaluate gives: its own loss and metrics
      java.util.Map<String, Double> compiled = null;
      if (m instanceof io.fer4j.predict.KerasImageModel k && k.model().isCompiled() && plain) {
        io.fer4j.model.Model.Evaluation ev = k.model().evaluate(d, batchSize);
        compiled = new java.util.LinkedHashMap<>(ev.metrics());
        compiled.put("loss", ev.loss());
      }
      if (report != null) {
        var extra = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("model", model).put("data", data).put("tta", image.tta);
        if (subset != null) extra.put("subset", subset).put("validation_split", validationSplit).put("seed", seed);
        var files = new java.util.ArrayList<>(io.fer4j.report.Reports.evaluation(r, extra, report));
        files.add(io.fer4j.report.Reports.predictions(classes, probs, labels, report.resolve("predictions.csv")));
        java.nio.file.Path p = java.nio.file.Path.of(model).toAbsolutePath();
        for (java.nio.file.Path dir = p; dir != null && dir.getNameCount() > p.getNameCount() - 3; dir = dir.getParent()) {
          java.nio.file.Path hist = dir.resolve("history.csv");
          if (java.nio.file.Files.isRegularFile(hist)) {
            files.add(io.fer4j.report.Reports.curves(hist, report.resolve("curves.png")));
            break;
          }
        }
        if (!json) System.out.println("report: " + files);
      }
      if (json) {
        var o = r.toJson();
        o.put("model", model);
        o.put("data", data);
        if (subset != null) o.put("subset", subset);
        if (skip) o.put("skipped_files", skipped.size());
        if (softmaxed) o.put("outputs", "raw (the model does not end in softmax): loss of softmax(outputs)");
        if (compiled != null) compiled.forEach(o.putObject("compiled")::put);
        System.out.println(o);
      } else {
        System.out.printf("model: %s%nclasses (output order): %s%ninput: pixel * %s + %s%n", m.describe(), classes, sc[0], sc[1]);
        if (subset != null) System.out.printf("data: the %s subset of %s (train's split: --validation-split %s --seed %d)%n", subset, data, validationSplit, seed);
        if (softmaxed) System.out.println("outputs: raw (the model does not end in softmax); the loss is computed on softmax(outputs), as Keras' from_logits=True");
        if (compiled != null) {
          StringBuilder sb = new StringBuilder("compiled (" + k(m) + "):");
          compiled.forEach((name, v) -> sb.append(String.format(java.util.Locale.ROOT, " %s: %.4f", name, v)));
          System.out.println(sb);
        }
        System.out.println();
        System.out.print(r.toText());
      }
    }
    return 0;
  }

  private static String k(ImageModel m) {
    var c = ((io.fer4j.predict.KerasImageModel) m).model().compilation();
    return "Keras evaluate with the model's loss " + c.loss().name() + " and metrics";
  }

  /**
   * Which part of train's split to keep (-1: all of D). The split is the one train makes and is
   * taken before any class reordering, since it is stratified per data label.
   */
  private int subsetPart() {
    if (subset == null) return -1;
    if (!(validationSplit > 0 && validationSplit < 1)) throw new Fer4jException("--validation-split must be in (0, 1) with --subset, got " + validationSplit);
    return switch (subset) {
      case "training" -> 0;
      case "validation" -> 1;
      default -> throw new Fer4jException("--subset must be validation or training, got " + subset);
    };
  }
}
