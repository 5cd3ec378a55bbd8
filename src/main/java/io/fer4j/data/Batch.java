package io.fer4j.data;

import org.tensorflow.types.TFloat32;

/** One ready-to-feed batch: inputs (B, H, W, C), one-hot labels (B, classes), and its size. Owns its native tensors. */
public record Batch(TFloat32 x, TFloat32 y, int size) implements AutoCloseable {
  @Override
  public void close() {
    x.close();
    y.close();
  }
}
