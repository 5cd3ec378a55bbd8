package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A Keras layer rebuilt with TF ops. Subclasses declare weights in {@link #build} and add their
 * computation in {@link #call}; the same layer is called once per graph path (training and
 * inference) and always reads the same variables. {@link #apply} calls it on symbolic tensors
 * (the Functional API); each call is a {@link Node}, and every call shares the layer's weights.
 * Single-input layers implement the one-tensor forms; merge layers override the list forms.
 */
public abstract class Layer {
  private final Map<String, io.fer4j.regularizers.Regularizer> regularizers = new java.util.LinkedHashMap<>();
  private final Map<String, io.fer4j.constraints.Constraint> constraints = new java.util.LinkedHashMap<>();
  private final Map<String, Initializer> initializers = new java.util.LinkedHashMap<>();
  private io.fer4j.regularizers.Regularizer activityRegularizer;
  private String name;
  private boolean trainable = true;
  private List<long[]> inputShapes;
  private long[] outputShape;
  private final List<Weight> weights = new ArrayList<>();
  private final List<Node> inboundNodes = new ArrayList<>();

  protected Layer(String name) {
    this.name = name;
  }

  /** Keras class name, e.g. {@code Conv2D}. */
  public abstract String className();

  /** Output shape (batch dimension excluded) for an input shape (batch dimension excluded). */
  public abstract long[] computeOutputShape(long[] inputShape);

  /** Output shape for several inputs; single-input layers refuse more than one. */
  public long[] computeOutputShape(List<long[]> inputShapes) {
    if (inputShapes.size() != 1) throw new io.fer4j.Fer4jException(this + " takes one input, got " + inputShapes.size());
    return computeOutputShape(inputShapes.get(0));
  }

  /** Declares weights for this input shape. Default: no weights. */
  protected void build(long[] inputShape) {}

  /** Declares weights for these input shapes; single-input layers build on the first. */
  protected void build(List<long[]> inputShapes) { build(inputShapes.get(0)); }

  /** Adds this layer's ops on {@code x}. */
  public abstract Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x);

  /** Adds this layer's ops on several inputs (merge layers); single-input layers take one. */
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> inputs) {
    if (inputs.size() != 1) throw new io.fer4j.Fer4jException(this + " takes one input, got " + inputs.size());
    return call(ctx, inputs.get(0));
  }

  /**
   * Calls the layer on symbolic tensors (Keras' {@code layer(x)} / {@code layer([a, b])}):
   * builds it for their shapes on the first call and records the call as a {@link Node}.
   */
  public KerasTensor apply(KerasTensor... inputs) { return call(null, inputs); }

  /**
   * Keras' {@code layer(x, training=False)}: this call always runs in inference mode (a frozen
   * base model whose BatchNormalization keeps its moving statistics while the head trains).
   */
  public KerasTensor apply(KerasTensor input, boolean training) { return call(training ? null : Boolean.FALSE, input); }

  private KerasTensor call(Boolean training, KerasTensor... inputs) {
    if (inputs.length == 0) throw new io.fer4j.Fer4jException(this + ": apply needs at least one input tensor");
    List<long[]> shapes = new ArrayList<>();
    for (KerasTensor t : inputs) shapes.add(t.shape());
    ensureBuilt(shapes);
    long[] out = computeOutputShape(shapes);
    Node n = new Node(this, List.of(inputs), out, inboundNodes.size(), training);
    inboundNodes.add(n);
    return n.output();
  }

  /** Symbolic tensor list form of {@link #apply(KerasTensor...)}. */
  public KerasTensor apply(List<KerasTensor> inputs) { return apply(inputs.toArray(new KerasTensor[0])); }

  /** The calls made on this layer so far, in order (Keras' {@code _inbound_nodes}). */
  public List<Node> inboundNodes() { return Collections.unmodifiableList(inboundNodes); }

  /** Records a node built outside {@link #apply} (an InputLayer's own node). */
  final Node addInboundNode(List<KerasTensor> inputs, long[] outputShape) {
    Node n = new Node(this, inputs, outputShape, inboundNodes.size(), null);
    inboundNodes.add(n);
    return n;
  }

  /** The Keras module a config names for this class ({@code keras.layers} for built-in layers). */
  public String kerasModule() { return "keras.layers"; }

  /** The {@code registered_name} a config gives this class: null for built-in layers. */
  public String registeredName() { return null; }

  /** Keras-style layer config (the layer-specific keys; name/trainable/dtype are added by writers). */
  public void writeConfig(ObjectNode config) {}

  public final void ensureBuilt(long[] inputShape) { ensureBuilt(List.of(inputShape)); }

  /** Builds for these input shapes once; a later call with other shapes is refused. */
  public final void ensureBuilt(List<long[]> shapes) {
    if (this.inputShapes != null) {
      boolean same = shapes.size() == inputShapes.size();
      for (int i = 0; same && i < shapes.size(); i++) same = Arrays.equals(shapes.get(i), inputShapes.get(i));
      if (!same) {
        throw new io.fer4j.Fer4jException("layer " + name + " was built for input " + KerasTensor.shapes(inputShapes) + ", got " + KerasTensor.shapes(shapes));
      }
      return;
    }
    List<long[]> copy = new ArrayList<>();
    for (long[] s : shapes) copy.add(s.clone());
    this.outputShape = computeOutputShape(copy);
    this.inputShapes = copy;
    build(copy);
  }

  public boolean isBuilt() { return inputShapes != null; }

  /**
   * Keras' {@code <weight>_regularizer}: a penalty of this layer's weight {@code weightName}
   * added to the training loss (while the weight is trainable). Checked against the built
   * weights when a model graph is made.
   */
  public Layer regularizer(String weightName, io.fer4j.regularizers.Regularizer r) {
    if (r == null) regularizers.remove(weightName);
    else regularizers.put(weightName, r);
    return this;
  }

  /**
   * Keras' {@code <weight>_initializer} ({@code initializer("kernel", Initializers.get("he_normal"))}):
   * the starting values of weight {@code weightName} instead of the layer's default.
   */
  public Layer initializer(String weightName, Initializer init) {
    if (init == null) initializers.remove(weightName);
    else initializers.put(weightName, init);
    return this;
  }

  /** The initializer set for a weight, or null for the layer's default. */
  Initializer initializerFor(String weightName) { return initializers.get(weightName); }

  /** Keras' {@code <weight>_constraint}: a projection assigned to the weight after each optimizer update. */
  public Layer constraint(String weightName, io.fer4j.constraints.Constraint c) {
    if (c == null) constraints.remove(weightName);
    else constraints.put(weightName, c);
    return this;
  }

  /** Keras' {@code activity_regularizer}: a penalty of the layer's output, divided by the batch size. */
  public Layer activityRegularizer(io.fer4j.regularizers.Regularizer r) {
    this.activityRegularizer = r;
    return this;
  }

  public io.fer4j.regularizers.Regularizer activityRegularizer() { return activityRegularizer; }

  /** Weight regularizers by weight name, in the order they were set. */
  public Map<String, io.fer4j.regularizers.Regularizer> weightRegularizers() { return Collections.unmodifiableMap(regularizers); }

  /** Weight constraints by weight name. */
  public Map<String, io.fer4j.constraints.Constraint> weightConstraints() { return Collections.unmodifiableMap(constraints); }

  /** The weight a Keras config key stem names ({@code kernel} for kernel_regularizer); the inverse of {@link #configStem}. */
  public String weightForStem(String stem) { return stem; }

  /** The Keras config key stem of a weight's options ({@code kernel} for kernel_regularizer, {@code depthwise} for depthwise_kernel). */
  public String configStem(String weightName) {
    return weightName.endsWith("_kernel") ? weightName.substring(0, weightName.length() - "_kernel".length()) : weightName;
  }

  protected final Weight addWeight(String weightName, long[] shape, boolean trainable, Initializer init) {
    Weight w = new Weight(this, weightName, shape, trainable, init);
    weights.add(w);
    return w;
  }

  /** Weights in Keras order: trainable by nature first, then non-trainable (BN moving stats). */
  public List<Weight> weights() { return ownWeights(); }

  /** This layer's own variables (a model returns its sub-layers' through {@link #weights}). */
  protected final List<Weight> ownWeights() {
    List<Weight> ordered = new ArrayList<>();
    for (Weight w : weights) if (w.trainableByNature()) ordered.add(w);
    for (Weight w : weights) if (!w.trainableByNature()) ordered.add(w);
    return Collections.unmodifiableList(ordered);
  }

  public long countParams() {
    long n = 0;
    for (Weight w : weights()) n += w.size();
    return n;
  }

  /** Keras' {@code trainable_weights}: none when the layer is frozen. */
  public List<Weight> trainableWeights() {
    List<Weight> out = new ArrayList<>();
    if (!trainable) return out;
    for (Weight w : weights()) if (w.trainable()) out.add(w);
    return out;
  }

  /** Keras' {@code non_trainable_weights}: all weights when the layer is frozen. */
  public List<Weight> nonTrainableWeights() {
    if (!trainable) return weights();
    List<Weight> out = new ArrayList<>();
    for (Weight w : weights()) if (!w.trainable()) out.add(w);
    return out;
  }

  public String name() { return name; }

  /** Sets the name; only before the layer joins a model. */
  public Layer setName(String name) {
    this.name = name;
    return this;
  }

  public boolean isTrainable() { return trainable; }

  /** Freezes (false) or unfreezes the layer, as Keras' {@code layer.trainable = ...}. */
  public Layer setTrainable(boolean trainable) {
    this.trainable = trainable;
    return this;
  }

  /** The (first) input shape this layer was built for, or null before it is built. */
  public long[] inputShape() { return inputShapes == null ? null : inputShapes.get(0).clone(); }

  /** Every input shape this layer was built for (merge layers have several). */
  public List<long[]> inputShapes() {
    List<long[]> out = new ArrayList<>();
    if (inputShapes != null) for (long[] s : inputShapes) out.add(s.clone());
    return out;
  }
  public long[] outputShape() { return outputShape == null ? null : outputShape.clone(); }

  /** Keras' default name stem, as its to_snake_case: {@code MaxPooling2D} → max_pooling2d. */
  public static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return name + " (" + className() + ")";
  }
}
