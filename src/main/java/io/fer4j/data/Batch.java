package io.fer4j.data;

import org.tensorflow.types.TFloat32;

/**
 * One ready-to-feed batch: inputs (B, H, W, C), labels as the loss needs them (one-hot, possibly
 * smoothed, (B, classes); class indices (B); or a 0/1 column (B, 1)),
 * per-sample loss weights (B) from class weights, and its size. Owns its native tensors.
 */
public record Batch(TFloat32 x, TFloat32 y, TFloat32 weights, int size) implements AutoCloseable {
  @Override
  public void close() {
    x.close();
    y.close();
    weights.close();
  }
}
