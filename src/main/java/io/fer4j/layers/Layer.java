package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A Keras layer rebuilt with TF ops. Subclasses declare weights in {@link #build} and add their
 * computation in {@link #call}; the same layer is called once per graph path (training and
 * inference) and always reads the same variables.
 */
public abstract class Layer {
  private String name;
  private boolean trainable = true;
  private long[] inputShape;
  private long[] outputShape;
  private final List<Weight> weights = new ArrayList<>();

  protected Layer(String name) {
    this.name = name;
  }

  /** Keras class name, e.g. {@code Conv2D}. */
  public abstract String className();

  /** Output shape (batch dimension excluded) for an input shape (batch dimension excluded). */
  public abstract long[] computeOutputShape(long[] inputShape);

  /** Declares weights for this input shape. Default: no weights. */
  protected void build(long[] inputShape) {}

  /** Adds this layer's ops on {@code x}. */
  public abstract Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x);

  /** Keras-style layer config (the layer-specific keys; name/trainable/dtype are added by writers). */
  public void writeConfig(ObjectNode config) {}

  public final void ensureBuilt(long[] inputShape) {
    if (this.inputShape != null) {
      if (!Arrays.equals(this.inputShape, inputShape)) {
        throw new IllegalArgumentException("layer " + name + " was built for input "
            + Arrays.toString(this.inputShape) + ", got " + Arrays.toString(inputShape));
      }
      return;
    }
    this.outputShape = computeOutputShape(inputShape);
    this.inputShape = inputShape.clone();
    build(inputShape);
  }

  public boolean isBuilt() { return inputShape != null; }

  protected final Weight addWeight(String weightName, long[] shape, boolean trainable, Initializer init) {
    Weight w = new Weight(this, weightName, shape, trainable, init);
    weights.add(w);
    return w;
  }

  /** Weights in Keras order: trainable by nature first, then non-trainable (BN moving stats). */
  public List<Weight> weights() {
    List<Weight> ordered = new ArrayList<>();
    for (Weight w : weights) if (w.trainableByNature()) ordered.add(w);
    for (Weight w : weights) if (!w.trainableByNature()) ordered.add(w);
    return Collections.unmodifiableList(ordered);
  }

  public long countParams() {
    long n = 0;
    for (Weight w : weights) n += w.size();
    return n;
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

  public long[] inputShape() { return inputShape == null ? null : inputShape.clone(); }
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
