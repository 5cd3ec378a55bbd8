package io.fer4j.spark;

import java.io.Serializable;

/**
 * What to score and how, shipped to the executors with each task (so it stays small: a model
 * path, not a model).
 *
 * @param model SavedModel directory or Keras file as each executor sees it; {@code null}: the
 *     pretrained FER2013 model from the executor's classpath (io.fer4j:fer4j-fer2013-model)
 * @param inputCol binary column holding the encoded image (binaryFile's {@code content})
 * @param pathCol column naming the image in error messages, when the DataFrame has it
 * @param batchSize images per model call within a partition
 * @param interpolation resize filter for images that are not the model's size
 * @param faces score the faces found in each photo (OpenCV), one row per face, instead of the whole image
 */
public record ScoringOptions(String model, String inputCol, String pathCol, int batchSize, String interpolation, boolean faces) implements Serializable {
  public ScoringOptions {
    if (batchSize < 1) throw new io.fer4j.Fer4jException("batch size must be at least 1, not " + batchSize);
  }

  /** binaryFile's columns, batches of 64, bilinear resizing: what {@code fer4j predict} does per image. */
  public static ScoringOptions of(String model) {
    return new ScoringOptions(model, "content", "path", 64, "bilinear", false);
  }

  public ScoringOptions withInputCol(String c) { return new ScoringOptions(model, c, pathCol, batchSize, interpolation, faces); }

  public ScoringOptions withBatchSize(int n) { return new ScoringOptions(model, inputCol, pathCol, n, interpolation, faces); }

  /** {@code fer4j predict --faces}: one row per face found (face index, box), a row with null face for a photo without faces. */
  public ScoringOptions withFaces(boolean f) { return new ScoringOptions(model, inputCol, pathCol, batchSize, interpolation, f); }
}
