package io.fer4j.cli;

import io.fer4j.util.OptionalDependency;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores a folder of images on Spark (io.fer4j.spark.SparkPredict): local cores with
 * {@code --master local[N]}, a cluster through spark-submit. No Spark type appears here, so the
 * CLI starts without Spark on the classpath and this command says which artifact is missing.
 */
@Command(name = "spark-predict", mixinStandardHelpOptions = true, description = "Score every image under a folder on Spark; write path, label, probabilities, error per image.")
final class SparkPredictCommand implements Callable<Integer> {
  @Option(names = "--model", description = "SavedModel directory or Keras file, as the executors see it (default: the pretrained FER2013 model on their classpath)")
  String model;

  @Option(names = "--input", required = true, description = "folder of image files (searched recursively; any Hadoop path)")
  String input;

  @Option(names = "--output", required = true, description = "new folder for the results")
  String output;

  @Option(names = "--format", defaultValue = "parquet", description = "json (one object per line) or parquet (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--master", description = "Spark master, e.g. local[2] (default: what spark-submit set)")
  String master;

  @Option(names = "--batch-size", defaultValue = "64", description = "images per model call within a partition (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--faces", description = "score the faces found in each photo (OpenCV), one row per face: path, face (index, left to right), box [x, y, w, h], label, probabilities, error; a photo without faces gets one row with null face")
  boolean faces;

  @Override
  public Integer call() {
    OptionalDependency.SPARK.require();
    if (faces) OptionalDependency.OPENCV.require();
    io.fer4j.spark.SparkPredict.Summary s = io.fer4j.spark.SparkPredict.run(model, input, output, format, master, batchSize, faces);
    String unit = faces ? "rows" : "images";
    System.out.printf(Locale.ROOT, "spark-predict: %d %s (%d errors) in %.1f s, %.0f %s/s -> %s (%s)%n",
        s.rows(), unit, s.errors(), s.seconds(), s.rows() / s.seconds(), unit, output, format);
    return s.errors() == 0 ? 0 : 1;
  }
}
