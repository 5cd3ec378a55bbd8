package io.fer4j.spark;

import io.fer4j.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The {@code fer4j spark-predict} job: every image file under a folder (binaryFile source,
 * recursive) scored by {@link FerScoring}, written as JSON lines or Parquet with
 * {@code path, label, probabilities, error} (with faces: one row per face, plus {@code face, box}). With no master given it joins the session
 * spark-submit configured.
 */
public final class SparkPredict {
  /** Image files binaryFile picks up (Hadoop glob). */
  static final String IMAGES = "*.{jpg,jpeg,png,bmp,gif,JPG,JPEG,PNG,BMP,GIF}";

  /** What a run wrote. */
  public record Summary(long rows, long errors, double seconds) {}

  private SparkPredict() {}

  /** Runs the job; {@code master} null: spark-submit's. Stops the session it started. */
  public static Summary run(String model, String input, String output, String format, String master, int batchSize) {
    return run(model, input, output, format, master, batchSize, false);
  }

  /** With {@code faces}: one row per face found ({@code path, face, box, label, probabilities, error}), as {@code predict --faces}. */
  public static Summary run(String model, String input, String output, String format, String master, int batchSize, boolean faces) {
    if (!format.equals("json") && !format.equals("parquet")) throw new Fer4jException("--format must be json or parquet, not " + format);
    if (!input.contains("://") && !Files.isDirectory(Path.of(input))) throw new Fer4jException(input + ": no such folder of images");
    if (!output.contains("://") && Files.exists(Path.of(output))) throw new Fer4jException(output + ": already exists (choose a new output folder)");
    SparkSession.Builder b = SparkSession.builder().appName("fer4j spark-predict").config("spark.ui.showConsoleProgress", "false");
    if (master != null) b = b.master(master).config("spark.ui.enabled", "false");
    SparkSession spark = b.getOrCreate();
    try {
      long t0 = System.nanoTime();
      Dataset<Row> images = spark.read().format("binaryFile").option("recursiveFileLookup", "true").option("pathGlobFilter", IMAGES).load(input);
      Dataset<Row> all = FerScoring.score(images, ScoringOptions.of(model).withBatchSize(batchSize).withFaces(faces));
      Dataset<Row> scored = faces
          ? all.select(functions.col("path"), functions.col(FerScoring.FACE), functions.col(FerScoring.BOX), functions.col(FerScoring.LABEL), functions.col(FerScoring.PROBABILITIES), functions.col(FerScoring.ERROR))
          : all.select(functions.col("path"), functions.col(FerScoring.LABEL), functions.col(FerScoring.PROBABILITIES), functions.col(FerScoring.ERROR));
      scored.write().mode(SaveMode.ErrorIfExists).format(format).save(output);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Dataset<Row> written = spark.read().schema(scored.schema()).format(format).load(output); // JSON leaves null columns out: no inferring
      return new Summary(written.count(), written.filter(functions.col(FerScoring.ERROR).isNotNull()).count(), seconds);
    } finally {
      if (master != null) spark.stop();
    }
  }
}
