package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Every Keras 3.15.1 activation that can be named in a config, built from TF ops with the
 * formulas of Keras' TF backend (so a model loaded from a file computes what Keras computes).
 * Refused: {@code glu} (it halves the last axis, which no layer here expects) and
 * {@code threshold} (it has required arguments, so Keras cannot call it by name either).
 */
public final class Activations {
  public static final List<String> NAMES = List.of("linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu",
      "sigmoid", "hard_sigmoid", "sparse_sigmoid", "log_sigmoid", "tanh", "tanh_shrink", "hard_tanh",
      "softmax", "log_softmax", "sparsemax", "softplus", "softsign", "sparse_plus", "squareplus",
      "soft_shrink", "hard_shrink", "swish", "silu", "hard_silu", "hard_swish", "gelu", "mish", "exponential");

  private Activations() {}

  /** Checks a name early, so a bad config fails when the layer is made, not when the graph is built. */
  public static String check(String name) {
    String n = name == null ? "linear" : name;
    if (!NAMES.contains(n)) throw new Fer4jException("unsupported activation '" + name + "' (supported: " + NAMES + ")");
    return n;
  }

  public static Operand<TFloat32> apply(Ops tf, String name, Operand<TFloat32> x) {
    switch (check(name)) {
      case "linear": return x;
      case "relu": return tf.nn.relu(x);
      case "relu6": return tf.nn.relu6(x);
      case "leaky_relu": return tf.nn.leakyRelu(x, org.tensorflow.op.nn.LeakyRelu.alpha(0.2f)); // Keras' default slope
      case "elu": return tf.nn.elu(x);
      case "selu": return tf.nn.selu(x);
      case "celu": // alpha 1: max(x, 0) + expm1(min(x, 0))
        return tf.math.add(tf.math.maximum(x, c(tf, 0)), tf.math.expm1(tf.math.minimum(x, c(tf, 0))));
      case "sigmoid": return tf.math.sigmoid(x);
      case "hard_sigmoid": return hardSigmoid(tf, x);
      case "sparse_sigmoid": // 0 below -1, 1 above 1, (x + 1) / 2 between
        return tf.select(tf.math.lessEqual(x, c(tf, -1)), zeros(tf, x),
            tf.select(tf.math.greaterEqual(x, c(tf, 1)), tf.onesLike(x), tf.math.mul(c(tf, 0.5f), tf.math.add(x, c(tf, 1)))));
      case "log_sigmoid": return tf.math.neg(tf.math.softplus(tf.math.neg(x)));
      case "tanh": return tf.math.tanh(x);
      case "tanh_shrink": return tf.math.sub(x, tf.math.tanh(x));
      case "hard_tanh": return tf.clipByValue(x, c(tf, -1), c(tf, 1));
      case "softmax": return tf.nn.softmax(x);
      case "log_softmax": return tf.nn.logSoftmax(x);
      case "sparsemax": return sparsemax(tf, x);
      case "softplus": return tf.math.softplus(x);
      case "softsign": return tf.nn.softsign(x);
      case "sparse_plus": // 0 below -1, (x + 1)^2 / 4 below 1, x above
        return tf.select(tf.math.lessEqual(x, c(tf, -1)), zeros(tf, x),
            tf.select(tf.math.less(x, c(tf, 1)), tf.math.mul(c(tf, 0.25f), tf.math.square(tf.math.add(x, c(tf, 1)))), x));
      case "squareplus": // b = 4
        return tf.math.div(tf.math.add(x, tf.math.sqrt(tf.math.add(tf.math.square(x), c(tf, 4)))), c(tf, 2));
      case "soft_shrink": // threshold 0.5
        return tf.select(tf.math.greater(x, c(tf, 0.5f)), tf.math.sub(x, c(tf, 0.5f)),
            tf.select(tf.math.less(x, c(tf, -0.5f)), tf.math.add(x, c(tf, 0.5f)), zeros(tf, x)));
      case "hard_shrink": return tf.select(tf.math.greater(tf.math.abs(x), c(tf, 0.5f)), x, zeros(tf, x));
      case "swish":
      case "silu": return tf.math.mul(x, tf.math.sigmoid(x));
      case "hard_silu":
      case "hard_swish": return tf.math.mul(x, hardSigmoid(tf, x));
      case "gelu": return gelu(tf, x, false); // Keras' activations.gelu defaults to approximate=False
      case "mish": return tf.math.mul(x, tf.math.tanh(tf.math.softplus(x)));
      case "exponential": return tf.math.exp(x);
      default: throw new AssertionError(name);
    }
  }

  /**
   * GELU as tf.nn.gelu: exact {@code 0.5 x erfc(-x / sqrt 2)}, or the tanh approximation
   * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
   */
  public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x, boolean approximate) {
    Operand<TFloat32> halfX = tf.math.mul(c(tf, 0.5f), x);
    if (!approximate) return tf.math.mul(halfX, tf.math.erfc(tf.math.mul(tf.math.neg(x), c(tf, 0.7071067811865476f))));
    Operand<TFloat32> cube = tf.math.mul(c(tf, 0.044715f), tf.math.pow(x, c(tf, 3)));
    Operand<TFloat32> inner = tf.math.mul(c(tf, 0.7978845608028654f), tf.math.add(x, cube));
    return tf.math.mul(halfX, tf.math.add(c(tf, 1), tf.math.tanh(inner)));
  }

  /** relu6(x + 3) / 6, as Keras 3 (not the 0.2 x + 0.5 of Keras 2). */
  static Operand<TFloat32> hardSigmoid(Ops tf, Operand<TFloat32> x) {
    return tf.math.div(tf.nn.relu6(tf.math.add(x, c(tf, 3))), c(tf, 6));
  }

  /** Sparsemax over the last axis: max(x - tau, 0) with tau from the sorted cumulative sums. */
  static Operand<TFloat32> sparsemax(Ops tf, Operand<TFloat32> x) {
    Operand<org.tensorflow.types.TInt32> k = tf.squeeze(tf.slice(tf.shape(x), tf.expandDims(tf.math.sub(tf.rank(x), tf.constant(1)), tf.constant(0)), tf.constant(new int[] {1})));
    Operand<TFloat32> sorted = tf.nn.topK(x, k, new org.tensorflow.op.nn.TopK.Options[0]).values(); // descending along the last axis
    Operand<TFloat32> cumsum = tf.math.cumsum(sorted, tf.constant(-1));
    Operand<TFloat32> r = tf.dtypes.cast(tf.range(tf.constant(1), tf.math.add(k, tf.constant(1)), tf.constant(1)), TFloat32.class);
    Operand<TFloat32> support = tf.dtypes.cast(tf.math.greater(tf.math.sub(sorted, tf.math.div(tf.math.sub(cumsum, c(tf, 1)), r)), c(tf, 0)), TFloat32.class);
    var keep = org.tensorflow.op.core.Sum.keepDims(true);
    Operand<TFloat32> kz = tf.sum(support, tf.constant(-1), keep);
    Operand<TFloat32> tau = tf.math.div(tf.math.sub(tf.sum(tf.math.mul(support, cumsum), tf.constant(-1), keep), c(tf, 1)), kz);
    return tf.math.maximum(tf.math.sub(x, tau), c(tf, 0));
  }

  private static Operand<TFloat32> c(Ops tf, float v) { return tf.constant(v); }

  private static Operand<TFloat32> zeros(Ops tf, Operand<TFloat32> like) { return tf.zerosLike(like); }
}
