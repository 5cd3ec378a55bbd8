package io.fer4j.spark;

import io.fer4j.Fer4jException;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch scoring as a plain DataFrame function: a DataFrame of encoded images (Spark's binaryFile
 * source, or any binary column) in, the same rows with {@code label}, {@code probabilities} and
 * {@code error} out. Partitions are scored where they are, batched, by the executor's shared model.
 */
public final class FerScoring {
  /** Columns added to every row. */
  public static final String LABEL = "label", PROBABILITIES = "probabilities", ERROR = "error";
  /** Columns added before those with {@link ScoringOptions#faces()}: the face's index in its photo (0, 1, ... left to right) and its box [x, y, width, height]. */
  public static final String FACE = "face", BOX = "box";

  private FerScoring() {}

  /** Scores every row of images; lazy, like any transformation. */
  public static Dataset<Row> score(Dataset<Row> images, ScoringOptions options) {
    StructType in = images.schema();
    StructType out = outputSchema(in, options); // checks the input column first
    return options.faces()
        ? images.mapPartitions(new PartitionFaceScorer(options, in), Encoders.row(out))
        : images.mapPartitions(new PartitionScorer(options, in), Encoders.row(out));
  }

  /** The input schema plus the three result columns; a one-line error when the input column is missing or not binary. */
  public static StructType outputSchema(StructType in, ScoringOptions options) {
    if (!Arrays.asList(in.fieldNames()).contains(options.inputCol())) {
      throw new Fer4jException("no column '" + options.inputCol() + "' of image bytes (columns: " + String.join(", ", in.fieldNames()) + ")");
    }
    if (!in.apply(options.inputCol()).dataType().equals(DataTypes.BinaryType)) {
      throw new Fer4jException("column '" + options.inputCol() + "' is " + in.apply(options.inputCol()).dataType().simpleString() + ", not binary (encoded image bytes)");
    }
    for (String c : options.faces() ? new String[] {FACE, BOX, LABEL, PROBABILITIES, ERROR} : new String[] {LABEL, PROBABILITIES, ERROR}) {
      if (Arrays.asList(in.fieldNames()).contains(c)) throw new Fer4jException("the DataFrame already has a column '" + c + "'");
    }
    if (options.faces()) in = in.add(FACE, DataTypes.IntegerType, true).add(BOX, DataTypes.createArrayType(DataTypes.IntegerType, false), true);
    return in.add(LABEL, DataTypes.StringType, true)
        .add(PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false), true)
        .add(ERROR, DataTypes.StringType, true);
  }
}
