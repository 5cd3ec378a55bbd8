package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keras' Sequential: a {@link Model} whose graph is a chain of layers after an
 * {@link InputLayer}. Layers are added until the model is first used; then the chain is applied
 * once and the model behaves as any Functional model (training, saving, nesting).
 */
public class Sequential extends Model {
  private InputLayer inputLayer;
  private final List<Layer> stack = new ArrayList<>();

  public Sequential(String name, Layer... layers) {
    super(name);
    for (Layer l : layers) add(l);
  }

  public Sequential(Layer... layers) { this("sequential", layers); }

  /** Appends a layer; the first must be an InputLayer (or call {@link #add} with one first). */
  public Sequential add(Layer layer) {
    if (hasGraph()) throw new Fer4jException("cannot add layers after the model is built");
    if (layer instanceof InputLayer in) {
      if (inputLayer != null || !stack.isEmpty()) throw new Fer4jException("InputLayer must come first and only once");
      inputLayer = in;
      if (in.name() == null) in.setName("input_layer");
      return this;
    }
    if (layer.name() == null) {
      String stem = Layer.snakeCase(layer.className());
      int count = 0;
      for (Layer l : stack) if (l.name().equals(stem) || l.name().startsWith(stem + "_") && l.name().substring(stem.length() + 1).matches("\\d+")) count++;
      layer.setName(count == 0 ? stem : stem + "_" + count);
    }
    for (Layer l : stack) if (l.name().equals(layer.name())) throw new Fer4jException("duplicate layer name '" + layer.name() + "'");
    stack.add(layer);
    return this;
  }

  /** Applies the chain once: computes every layer's shapes and declares the weights (no TF graph yet). */
  @Override
  public Sequential build() {
    if (hasGraph()) return this;
    if (inputLayer == null) throw new Fer4jException("the model needs an InputLayer first (e.g. new InputLayer(48, 48, 1))");
    if (stack.isEmpty()) throw new Fer4jException("the model has no layers");
    KerasTensor x = inputLayer.output();
    for (Layer l : stack) x = l.apply(x);
    setGraph(List.of(inputLayer.output()), List.of(x));
    return this;
  }

  @Override public String className() { return "Sequential"; }

  /** Layers without the InputLayer, as Keras' {@code Sequential.layers}. */
  @Override
  public List<Layer> layers() { return Collections.unmodifiableList(stack); }

  @Override
  public InputLayer inputLayer() { return inputLayer; }

  @Override
  public Sequential seed(long s) {
    super.seed(s);
    return this;
  }

  @Override
  public Sequential setClassNames(List<String> names) {
    super.setClassNames(names);
    return this;
  }

  @Override
  public Sequential compile(String optimizerName, String loss, String... metrics) {
    super.compile(optimizerName, loss, metrics);
    return this;
  }

  @Override
  public Sequential compile(io.fer4j.optimizers.Optimizer opt, String loss, String... metrics) {
    super.compile(opt, loss, metrics);
    return this;
  }

  @Override
  public Sequential compile(io.fer4j.optimizers.Optimizer opt, io.fer4j.losses.Loss loss, Object... metrics) {
    super.compile(opt, loss, metrics);
    return this;
  }
}
