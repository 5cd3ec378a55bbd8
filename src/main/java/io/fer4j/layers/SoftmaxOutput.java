package io.fer4j.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A layer that may end in softmax or sigmoid. As Keras does on the TF backend (the activation
 * keeps {@code _keras_logits} on its output), crossentropy losses are computed from the
 * pre-activation logits rather than clipped probabilities.
 */
public interface SoftmaxOutput {
  boolean endsInSoftmax();

  /** Whether the layer's last op is a sigmoid (binary crossentropy then reads its logits). */
  default boolean endsInSigmoid() { return false; }

  /** The layer's output before the final softmax or sigmoid. */
  Operand<TFloat32> callLogits(CallContext ctx, Operand<TFloat32> x);
}
