package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * keras.applications' ConvNeXt {@code LayerScale}: multiplies the last axis by a learned
 * per-channel {@code gamma} of size {@code projection_dim}, initialized to {@code init_values}
 * (1e-6 in ConvNeXt) so each residual block starts close to the identity. Keras registers it as
 * {@code LayerScale} in module {@code keras.src.applications.convnext}, not in keras.layers.
 */
public final class LayerScale extends Layer {
  /** Where Keras writes this class from (its config's {@code module}). */
  public static final String KERAS_MODULE = "keras.src.applications.convnext";
  private final double initValues;
  private final int projectionDim;
  private Weight gamma;

  public LayerScale(double initValues, int projectionDim) {
    super(null);
    if (projectionDim <= 0) throw new Fer4jException("LayerScale: projection_dim must be positive, got " + projectionDim);
    this.initValues = initValues;
    this.projectionDim = projectionDim;
  }

  @Override public String kerasModule() { return KERAS_MODULE; }
  @Override public String registeredName() { return "LayerScale"; }
  @Override public String className() { return "LayerScale"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length == 0 || in[in.length - 1] != projectionDim) {
      throw new Fer4jException(name() + " (LayerScale): projection_dim " + projectionDim + " does not match the last axis of " + java.util.Arrays.toString(in));
    }
    return in.clone();
  }

  @Override
  protected void build(long[] in) {
    float v = (float) initValues;
    gamma = addWeight("gamma", new long[] {projectionDim}, true, new Initializer.Named("Constant", (shape, r) -> {
      float[] a = new float[(int) Initializer.count(shape)];
      java.util.Arrays.fill(a, v);
      return a;
    }));
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return ctx.tf().math.mul(x, ctx.variable(gamma));
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("init_values", initValues);
    c.put("projection_dim", projectionDim);
  }
}
