package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras Dropout: in training, zeroes each unit with probability {@code rate} and scales the rest
 * by 1/(1-rate); identity at inference. With a {@code noise_shape} (Keras form, batch axis first,
 * -1 for "as the input") one mask value is shared along the axes of size 1, e.g. (-1, 1, 1, 1)
 * drops whole samples as EfficientNet's stochastic depth does.
 */
public final class Dropout extends Layer {
  private final float rate;
  private long[] noiseShape;

  public Dropout(double rate) {
    super(null);
    if (!(rate >= 0 && rate < 1)) throw new Fer4jException("Dropout: rate must be in [0, 1), got " + rate);
    this.rate = (float) rate;
  }

  public float rate() { return rate; }

  /** The mask shape including the batch axis; -1 takes the input's size there. */
  public Dropout noiseShape(long... dims) {
    for (long d : dims) if (d != -1 && d <= 0) throw new Fer4jException("Dropout: noise_shape entries must be positive or -1 (None)");
    this.noiseShape = dims.clone();
    return this;
  }

  @Override public String className() { return "Dropout"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (noiseShape != null) {
      if (noiseShape.length != in.length + 1) throw new Fer4jException(name() + " (Dropout): noise_shape " + java.util.Arrays.toString(noiseShape) + " does not have the input's rank " + (in.length + 1));
      for (int i = 1; i < noiseShape.length; i++) {
        if (noiseShape[i] != -1 && noiseShape[i] != 1 && noiseShape[i] != in[i - 1]) throw new Fer4jException(name() + " (Dropout): noise_shape " + java.util.Arrays.toString(noiseShape) + " does not broadcast to the input " + java.util.Arrays.toString(in));
      }
    }
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    if (!ctx.training() || rate == 0f) return x;
    Ops tf = ctx.tf();
    long seed = ctx.seed() * 1_000_003L + name().hashCode();
    Operand<TFloat32> u = tf.random.randomUniform(maskShape(tf, x), TFloat32.class,
        RandomUniform.seed(seed), RandomUniform.seed2((long) name().hashCode()));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }

  private Operand<TInt32> maskShape(Ops tf, Operand<TFloat32> x) {
    if (noiseShape == null) return tf.shape(x);
    List<Operand<TInt32>> dims = new ArrayList<>();
    for (int i = 0; i < noiseShape.length; i++) {
      dims.add(noiseShape[i] == -1
          ? tf.squeeze(tf.slice(tf.shape(x), tf.constant(new int[] {i}), tf.constant(new int[] {1})))
          : tf.constant((int) noiseShape[i]));
    }
    return tf.stack(dims);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("rate", (double) rate);
    c.putNull("seed");
    if (noiseShape == null) {
      c.putNull("noise_shape");
    } else {
      ArrayNode a = c.putArray("noise_shape");
      for (long d : noiseShape) {
        if (d == -1) a.addNull();
        else a.add(d);
      }
    }
  }
}
