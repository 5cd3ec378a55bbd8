package io.fer4j.layers;

import java.util.Arrays;

/**
 * The specification of one layer variable (Keras: a {@code Variable} of a layer): its name inside
 * the layer, shape, whether the optimizer trains it, and how it starts. The values themselves live
 * in the TF session of the model that owns the layer.
 */
public final class Weight {
  private final Layer layer;
  private final String name;
  private final long[] shape;
  private final boolean trainable;
  private final Initializer initializer;

  Weight(Layer layer, String name, long[] shape, boolean trainable, Initializer initializer) {
    this.layer = layer;
    this.name = name;
    this.shape = shape.clone();
    this.trainable = trainable;
    this.initializer = initializer;
  }

  public Layer layer() { return layer; }
  public String name() { return name; }
  public long[] shape() { return shape.clone(); }
  /** True for weights the optimizer updates (kernel, bias, gamma, beta) while the layer is trainable. */
  public boolean trainable() { return trainable && layer.isTrainable(); }
  /** True for weights that are trainable by nature (Keras' trainable_weights when the layer is trainable). */
  public boolean trainableByNature() { return trainable; }
  /** The layer's {@code <weight>_initializer} when set, else the layer's default. */
  public Initializer initializer() {
    Initializer set = layer.initializerFor(name);
    return set != null ? set : initializer;
  }

  /** Keras-style path, e.g. {@code conv2d/kernel}; also the TF variable op name. */
  public String path() { return layer.name() + "/" + name; }

  public long size() {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  @Override
  public String toString() {
    return path() + Arrays.toString(shape);
  }
}
