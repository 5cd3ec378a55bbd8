package io.fer4j.layers;

import java.util.Arrays;

/**
 * A symbolic tensor of the Functional API, as Keras' {@code KerasTensor}: the per-sample shape
 * (batch dimension excluded) and the {@link Node} that produces it. It holds no values; a
 * {@code Model} built from input and output KerasTensors replays the nodes between them.
 */
public final class KerasTensor {
  private final long[] shape;
  private final Node node;

  KerasTensor(long[] shape, Node node) {
    this.shape = shape.clone();
    this.node = node;
  }

  /** Shape without the batch dimension. */
  public long[] shape() { return shape.clone(); }

  /** The layer call that produced this tensor (an InputLayer's node for model inputs). */
  public Node node() { return node; }

  /** The producing layer. */
  public Layer layer() { return node.layer(); }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<KerasTensor shape=(None");
    for (long d : shape) sb.append(", ").append(d);
    return sb.append("), from ").append(node.layer().name()).append(">").toString();
  }

  static String shapes(java.util.List<long[]> s) {
    StringBuilder sb = new StringBuilder();
    for (long[] x : s) sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(x));
    return sb.toString();
  }
}
