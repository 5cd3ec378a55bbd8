package io.fer4j.layers;

/**
 * Keras' {@code keras.Input}: a model input of a given per-sample shape, e.g.
 * {@code Input.of(48, 48, 1)}, as the start of a Functional model.
 */
public final class Input {
  private Input() {}

  public static KerasTensor of(long... shape) {
    return new InputLayer(shape).output();
  }

  /** An input whose InputLayer has this name (the SavedModel signature's input key). */
  public static KerasTensor named(String name, long... shape) {
    InputLayer l = new InputLayer(shape);
    l.setName(name);
    return l.output();
  }
}
