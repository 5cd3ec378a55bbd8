package io.fer4j.losses;

import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3 loss reductions of per-sample values times sample weights: {@code sum_over_batch_size}
 * (and its alias {@code mean}) divides the weighted sum by the number of values, {@code sum}
 * does not, {@code mean_with_sample_weight} divides by the sum of the weights. {@code none} is
 * refused: compile needs one number per batch.
 */
public enum Reduction {
  SUM_OVER_BATCH_SIZE("sum_over_batch_size"), MEAN("mean"), SUM("sum"), MEAN_WITH_SAMPLE_WEIGHT("mean_with_sample_weight");

  private final String keras;

  Reduction(String keras) { this.keras = keras; }

  public String kerasName() { return keras; }

  public static Reduction of(String name) {
    for (Reduction r : values()) if (r.keras.equals(name)) return r;
    if ("auto".equals(name)) return SUM_OVER_BATCH_SIZE; // tf.keras 2's default
    throw new Fer4jException("unsupported loss reduction '" + name + "' (supported: sum_over_batch_size, mean, sum, mean_with_sample_weight)");
  }

  /** Keras reduce_values: one scalar from (B) values and (B) weights (divide_no_nan). */
  Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> values, Operand<TFloat32> weights) {
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(values, weights), tf.constant(0));
    return switch (this) {
      case SUM -> sum;
      case MEAN_WITH_SAMPLE_WEIGHT -> tf.math.divNoNan(sum, tf.reduceSum(weights, tf.constant(0)));
      default -> tf.math.divNoNan(sum, tf.dtypes.cast(tf.size(values), TFloat32.class));
    };
  }
}
