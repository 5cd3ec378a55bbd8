package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RandomFlip (channels_last): in training each sample is flipped with probability 1/2
 * ("horizontal": left-right, "vertical": up-down; "horizontal_and_vertical": Keras 3 uses one
 * draw for both, so a sample is either kept or flipped both ways); identity at inference.
 */
public final class RandomFlip extends Layer {
  public static final List<String> MODES = List.of("horizontal", "vertical", "horizontal_and_vertical");
  private final String mode;

  public RandomFlip(String mode) {
    super(null);
    if (!MODES.contains(mode)) throw new Fer4jException("RandomFlip: mode must be one of " + MODES + ", got '" + mode + "'");
    this.mode = mode;
  }

  public RandomFlip() { this("horizontal_and_vertical"); }

  @Override public String className() { return "RandomFlip"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (in.length != 3) throw new Fer4jException(name() + " (RandomFlip) needs a 3-D (H, W, C) input, got " + java.util.Arrays.toString(in));
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training()) return x;
    Ops tf = ctx.tf();
    Operand<TFloat32> u = RandomDraws.uniform(ctx, this, x, 4, 0, 1, 0);
    Operand<org.tensorflow.types.TBool> flip = tf.math.lessEqual(u, tf.constant(0.5f));
    flip = tf.broadcastTo(flip, tf.shape(x));
    Operand<TFloat32> y = x;
    if (!mode.equals("vertical")) y = tf.select(flip, tf.reverse(y, tf.constant(new int[] {2})), y);
    if (!mode.equals("horizontal")) y = tf.select(flip, tf.reverse(y, tf.constant(new int[] {1})), y);
    return y;
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("data_format", "channels_last");
    c.putNull("seed");
    c.put("mode", mode);
  }
}
