package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A layer that may end in softmax. As Keras does on the TF backend, the training loss is computed
 * from the pre-softmax logits (softmax_cross_entropy_with_logits) rather than clipped probabilities.
 */
public interface SoftmaxOutput {
  boolean endsInSoftmax();

  /** The layer's output before the final softmax. */
  Operand<TFloat32> callLogits(CallContext ctx, Operand<TFloat32> x);
}
