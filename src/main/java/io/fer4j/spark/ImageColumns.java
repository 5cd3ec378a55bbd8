package io.fer4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Where a row's image bytes are, and what names the image in errors (its path, else its row). */
record ImageColumns(String inputCol, int inputIndex, int pathIndex) implements Serializable {
  static ImageColumns of(ScoringOptions options, StructType schema) {
    int path = options.pathCol() != null && Arrays.asList(schema.fieldNames()).contains(options.pathCol()) ? schema.fieldIndex(options.pathCol()) : -1;
    return new ImageColumns(options.inputCol(), schema.fieldIndex(options.inputCol()), path);
  }

  /** The image's name for error messages: its path column, else "content of row i". */
  String what(Row r, int i) {
    return pathIndex >= 0 && !r.isNullAt(pathIndex) ? r.get(pathIndex).toString() : inputCol + " of row " + i;
  }

  /** The row's encoded image, or null. */
  byte[] bytes(Row r) {
    return r.isNullAt(inputIndex) ? null : (byte[]) r.get(inputIndex);
  }
}
