package io.fer4j.predict;

import java.util.List;

/**
 * Anything that maps a batch of images to class probabilities: a fer4j model in memory or any
 * SavedModel with one image input. Commands (evaluate, predict) work against this.
 */
public interface ImageModel extends AutoCloseable {
  /** Per-image input (H, W, C). */
  long[] inputShape();

  /** Number of outputs per image. */
  int numOutputs();

  /** Class names from the model's own metadata, or null when it has none. */
  List<String> classes();

  /** Input scaling from the model's metadata (pixel * scale + offset), or null when unknown. */
  default float[] inputScaling() { return null; }

  /** Probabilities (or scores) for n images laid out (n, H, W, C). */
  float[][] predict(float[] inputs, int n);

  /** What the model is, for messages. */
  String describe();

  @Override
  void close();
}
