package io.fer4j.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras {@code MeanSquaredError}: {@code mean((y_pred - y_true)^2, axis=-1)} on the model's outputs (never its logits). */
public class MeanSquaredError extends Loss {
  public MeanSquaredError() { super("mean_squared_error"); }

  @Override public String className() { return "MeanSquaredError"; }

  @Override
  public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p) {
    return meanLast(tf, tf.math.square(tf.math.sub(p.output(), labels)));
  }
}
