package io.fer4j.data;

import java.util.List;

/**
 * Labelled samples a model can train or be evaluated on: a fixed size, a per-sample shape
 * (H, W, C), class names in label order, and the model input of each sample.
 */
public interface Dataset {
  int size();

  /** Per-sample input shape, e.g. (48, 48, 1). */
  long[] sampleShape();

  /** Class names; label i names classes().get(i). */
  List<String> classes();

  int label(int index);

  /** Writes sample {@code index}'s model input (scaled as the model expects) at {@code dst[offset..]}. */
  void copyInput(int index, float[] dst, int offset);

  /** Where the sample came from (a file name, a CSV line), for messages and predictions. */
  String source(int index);

  default int sampleSize() {
    long n = 1;
    for (long d : sampleShape()) n *= d;
    return (int) n;
  }

  /** Counts of samples per class. */
  default int[] classCounts() {
    int[] c = new int[classes().size()];
    for (int i = 0; i < size(); i++) c[label(i)]++;
    return c;
  }
}
