package io.fer4j.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras {@code MeanAbsoluteError}: {@code mean(|y_pred - y_true|, axis=-1)} on the model's outputs. */
public class MeanAbsoluteError extends Loss {
  public MeanAbsoluteError() { super("mean_absolute_error"); }

  @Override public String className() { return "MeanAbsoluteError"; }

  @Override
  public Operand<TFloat32> perSample(Ops tf, Operand<TFloat32> labels, Prediction p) {
    return meanLast(tf, tf.math.abs(tf.math.sub(p.output(), labels)));
  }
}
