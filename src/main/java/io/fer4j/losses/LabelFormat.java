package io.fer4j.losses;

/**
 * The labels a loss needs from the data pipeline: one-hot rows, integer class indices (as
 * Keras' sparse losses take them), or the class index as a single column for one-unit outputs.
 */
public enum LabelFormat {
  /** (B, classes) one-hot rows. */
  ONE_HOT,
  /** (B) class indices. */
  SPARSE,
  /** (B, 1) the class index 0/1, for a model with a single (sigmoid) output unit. */
  BINARY
}
