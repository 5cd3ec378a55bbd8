package io.fer4j.layers;

import java.util.List;

/**
 * One call of a layer on symbolic tensors, as Keras' {@code Node}: a layer applied twice has two
 * nodes that share its weights. {@code index} is the call's position among the layer's calls.
 */
public final class Node {
  private final Layer layer;
  private final List<KerasTensor> inputs;
  private final KerasTensor output;
  private final int index;
  private final Boolean training;

  Node(Layer layer, List<KerasTensor> inputs, long[] outputShape, int index, Boolean training) {
    this.layer = layer;
    this.inputs = List.copyOf(inputs);
    this.output = new KerasTensor(outputShape, this);
    this.index = index;
    this.training = training;
  }

  /** {@code false} when the call was made with {@code training=False} (always inference mode), else null. */
  public Boolean training() { return training; }

  public Layer layer() { return layer; }
  /** The tensors this call read, in argument order (empty for an InputLayer). */
  public List<KerasTensor> inputs() { return inputs; }
  public KerasTensor output() { return output; }
  /** Position of this call among the layer's calls (Keras' node_index). */
  public int index() { return index; }
  public boolean isInput() { return layer instanceof InputLayer; }
}
