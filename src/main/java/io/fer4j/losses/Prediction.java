package io.fer4j.losses;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A model output as a loss sees it: the values, and the pre-activation logits when the output
 * layer ends in softmax or sigmoid. Keras' TF backend keeps those logits on the tensor
 * ({@code _keras_logits}) and its crossentropies use them, so fer4j must too to match its numbers.
 *
 * @param output the model output (B, units)
 * @param logits the output before its final softmax/sigmoid, or null
 * @param activation "softmax", "sigmoid" or null (what {@code logits} went through)
 */
public record Prediction(Operand<TFloat32> output, Operand<TFloat32> logits, String activation) {
  /** Logits for a loss that expects {@code kind} ("softmax" or "sigmoid"), else null. */
  public Operand<TFloat32> logitsOf(String kind) { return kind.equals(activation) ? logits : null; }
}
