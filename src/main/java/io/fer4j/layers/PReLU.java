package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras PReLU: {@code relu(x) - alpha * relu(-x)} with a learned {@code alpha} per input element
 * (zeros at first), shared along {@code shared_axes} (Keras numbering, batch axis 0; e.g. [1, 2]
 * gives one slope per channel of an image).
 */
public final class PReLU extends Layer {
  private final int[] sharedAxes;
  private Weight alpha;

  public PReLU(int... sharedAxes) {
    super(null);
    this.sharedAxes = sharedAxes.clone();
  }

  @Override public String className() { return "PReLU"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    for (int a : sharedAxes) if (a < 1 || a > in.length) throw new Fer4jException(name() + " (PReLU): shared axis " + a + " is not a feature axis of " + java.util.Arrays.toString(in));
    return in.clone();
  }

  @Override
  protected void build(long[] in) {
    long[] s = in.clone();
    for (int a : sharedAxes) s[a - 1] = 1;
    alpha = addWeight("alpha", s, true, Initializer.ZEROS);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> neg = tf.math.mul(tf.math.neg(ctx.variable(alpha)), tf.nn.relu(tf.math.neg(x)));
    return tf.math.add(tf.nn.relu(x), neg);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    ObjectNode init = c.putObject("alpha_initializer");
    init.put("module", "keras.initializers");
    init.put("class_name", "Zeros");
    init.putObject("config");
    init.putNull("registered_name");
    c.putNull("alpha_regularizer");
    c.putNull("alpha_constraint");
    if (sharedAxes.length == 0) {
      c.putNull("shared_axes");
    } else {
      ArrayNode a = c.putArray("shared_axes");
      for (int ax : sharedAxes) a.add(ax);
    }
  }
}
