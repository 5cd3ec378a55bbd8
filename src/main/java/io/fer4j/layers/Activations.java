package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras activation functions by name, built from TF ops. */
public final class Activations {
  public static final List<String> NAMES = List.of("linear", "relu", "relu6", "elu", "selu", "sigmoid",
      "hard_sigmoid", "tanh", "softmax", "softplus", "swish", "silu", "gelu");

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
      case "elu": return tf.nn.elu(x);
      case "selu": return tf.nn.selu(x);
      case "sigmoid": return tf.math.sigmoid(x);
      case "hard_sigmoid": // Keras 3: relu6(x + 3) / 6
        return tf.math.div(tf.nn.relu6(tf.math.add(x, tf.constant(3f))), tf.constant(6f));
      case "tanh": return tf.math.tanh(x);
      case "softmax": return tf.nn.softmax(x);
      case "softplus": return tf.math.softplus(x);
      case "swish":
      case "silu": return tf.math.mul(x, tf.math.sigmoid(x));
      case "gelu": // Keras default approximate=False: 0.5 x (1 + erf(x / sqrt 2))
        return tf.math.mul(tf.math.mul(tf.constant(0.5f), x),
            tf.math.add(tf.constant(1f), tf.math.erf(tf.math.div(x, tf.constant((float) Math.sqrt(2))))));
      default: throw new AssertionError(name);
    }
  }
}
