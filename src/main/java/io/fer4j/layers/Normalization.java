package io.fer4j.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.data.Dataset;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras Normalization: {@code (x - mean) / max(sqrt(variance), 1e-7)} per index of the kept
 * {@code axis} (Keras counts the batch axis: -1 or 3 is the channel of an (N, H, W, C) input),
 * or the inverse with {@code invert}. The statistics are either given to the constructor (stored
 * in the config, no weights, as EfficientNetV2 and ConvNeXt do) or held in the non-trainable
 * weights {@code mean}, {@code variance} and {@code count} (Keras stores count as int64) that
 * {@link #adapt} fills before the model is built, or that a Keras file provides.
 */
public final class Normalization extends Layer {
  private static final float EPSILON = 1e-7f; // keras.backend.epsilon()
  private final int[] axis;
  private final float[] givenMean;
  private final float[] givenVariance;
  private boolean invert;
  private float[] adaptedMean;
  private float[] adaptedVariance;
  private long adaptedCount;
  private int[] keep; // kept axes of the full (batch-first) input, sorted
  private Weight mean;
  private Weight variance;

  /** Statistics from {@link #adapt} or a file; {@code axis} as in Keras (an empty array: one scalar mean). */
  public Normalization(int... axis) {
    this(axis, null, null);
  }

  /**
   * Fixed statistics: {@code mean}/{@code variance} of length 1 (broadcast) or of the size of the
   * kept axes (one value per index, last kept axis fastest).
   */
  public Normalization(int[] axis, float[] mean, float[] variance) {
    super(null);
    this.axis = axis.clone();
    if ((mean == null) != (variance == null)) throw new Fer4jException("Normalization: mean and variance must be given together");
    if (mean != null && mean.length != variance.length) throw new Fer4jException("Normalization: mean and variance must have the same shape");
    this.givenMean = mean == null ? null : mean.clone();
    this.givenVariance = variance == null ? null : variance.clone();
  }

  public Normalization invert(boolean invert) { this.invert = invert; return this; }

  @Override public String className() { return "Normalization"; }

  @Override
  public long[] computeOutputShape(long[] in) {
    keep = keptAxes(in.length + 1);
    if (givenMean != null && givenMean.length != 1 && givenMean.length != statSize(in)) {
      throw new Fer4jException(name() + " (Normalization): mean has " + givenMean.length + " values, the kept axes " + Arrays.toString(axis) + " of " + Arrays.toString(in) + " need " + statSize(in));
    }
    return in.clone();
  }

  private int[] keptAxes(int rank) { return FeatureAxes.resolve(this, axis, rank); }

  private long[] statShape(long[] in) {
    return FeatureAxes.sizes(keep, in);
  }

  private int statSize(long[] in) {
    long n = 1;
    for (long d : statShape(in)) n *= d;
    return Math.toIntExact(n);
  }

  @Override
  protected void build(long[] in) {
    if (givenMean != null) return;
    long[] s = statShape(in);
    float[] m = adaptedMean;
    float[] v = adaptedVariance;
    long cnt = adaptedCount;
    mean = addWeight("mean", s, false, m == null ? Initializer.ZEROS : new Initializer.Named("Constant", (shape, r) -> m.clone()));
    variance = addWeight("variance", s, false, v == null ? Initializer.ONES : new Initializer.Named("Constant", (shape, r) -> v.clone()));
    addWeight("count", new long[0], false, new Initializer.Named("Zeros", (shape, r) -> new float[] {cnt}));
  }

  /**
   * Computes mean and (population) variance over every axis but the kept ones, as Keras' adapt on
   * an array; {@code data} holds {@code data.length / size(sampleShape)} samples row-major.
   */
  public Normalization adapt(float[] data, long... sampleShape) {
    Stats st = new Stats(sampleShape);
    st.add(data);
    return st.finish(this);
  }

  /** Keras' adapt over a batched dataset: per-batch moments merged with Keras' running formula. */
  public Normalization adapt(Dataset data, int batchSize) {
    Stats st = new Stats(data.sampleShape());
    int per = data.sampleSize();
    for (int from = 0; from < data.size(); from += batchSize) {
      int n = Math.min(batchSize, data.size() - from);
      float[] b = new float[n * per];
      for (int i = 0; i < n; i++) data.copyInput(from + i, b, i * per);
      st.add(b);
    }
    return st.finish(this);
  }

  /** Running mean/variance per kept index, merging batches as Keras' adapt does for datasets. */
  private final class Stats {
    final long[] shape;
    final int[] k;
    final int size;
    double[] mean;
    double[] var;
    long count;

    Stats(long[] sampleShape) {
      if (isBuilt()) throw new Fer4jException(name() + " (Normalization): adapt before the model is built");
      if (givenMean != null) throw new Fer4jException("Normalization: adapt on a layer constructed with mean and variance");
      shape = sampleShape.clone();
      k = keptAxes(shape.length + 1);
      long s = 1;
      for (int a : k) s *= shape[a - 1];
      size = Math.toIntExact(s);
      mean = new double[size];
      var = new double[size];
    }

    /** Index into the statistics of flat element {@code i} of a sample. */
    int statIndex(int i) {
      int[] coord = new int[shape.length];
      for (int d = shape.length - 1; d >= 0; d--) {
        coord[d] = (int) (i % shape[d]);
        i /= shape[d];
      }
      int idx = 0;
      for (int a : k) idx = idx * (int) shape[a - 1] + coord[a - 1];
      return idx;
    }

    void add(float[] batch) {
      int per = 1;
      for (long d : shape) per *= d;
      if (batch.length == 0 || batch.length % per != 0) throw new Fer4jException("Normalization.adapt: " + batch.length + " values is not a whole number of " + Arrays.toString(shape) + " samples");
      int[] map = new int[per];
      for (int i = 0; i < per; i++) map[i] = statIndex(i);
      long bc = (long) batch.length / size; // elements per statistic in this batch
      double[] bm = new double[size];
      double[] bv = new double[size];
      for (int i = 0; i < batch.length; i++) bm[map[i % per]] += batch[i];
      for (int j = 0; j < size; j++) bm[j] /= bc;
      for (int i = 0; i < batch.length; i++) {
        double d = batch[i] - bm[map[i % per]];
        bv[map[i % per]] += d * d;
      }
      for (int j = 0; j < size; j++) bv[j] /= bc;
      count += bc;
      double bw = (double) bc / count;
      double ew = 1 - bw;
      for (int j = 0; j < size; j++) {
        double nm = mean[j] * ew + bm[j] * bw;
        var[j] = (var[j] + (mean[j] - nm) * (mean[j] - nm)) * ew + (bv[j] + (bm[j] - nm) * (bm[j] - nm)) * bw;
        mean[j] = nm;
      }
    }

    Normalization finish(Normalization l) {
      l.adaptedMean = new float[size];
      l.adaptedVariance = new float[size];
      for (int j = 0; j < size; j++) {
        l.adaptedMean[j] = (float) mean[j];
        l.adaptedVariance[j] = (float) var[j];
      }
      l.adaptedCount = count;
      return l;
    }
  }

  /** The statistics reshaped to broadcast against the batch-first input. */
  private Operand<TFloat32> broadcast(Ops tf, Operand<TFloat32> stat) {
    return tf.reshape(stat, tf.constant(FeatureAxes.broadcastShape(keep, inputShape())));
  }

  /** Keras' mean/variance broadcasting: a scalar fills the kept axes; otherwise its values fill them in order. */
  private Operand<TFloat32> given(Ops tf, float[] v) {
    long[] in = inputShape();
    float[] full = new float[statSize(in)];
    if (v.length == 1) Arrays.fill(full, v[0]);
    else System.arraycopy(v, 0, full, 0, full.length);
    return broadcast(tf, tf.constant(org.tensorflow.ndarray.Shape.of(statShape(in)), org.tensorflow.ndarray.buffer.DataBuffers.of(full, true, false)));
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> m = givenMean != null ? given(tf, givenMean) : broadcast(tf, ctx.variable(mean));
    Operand<TFloat32> v = givenMean != null ? given(tf, givenVariance) : broadcast(tf, ctx.variable(variance));
    Operand<TFloat32> sd = tf.math.maximum(tf.math.sqrt(v), tf.constant(EPSILON));
    return invert ? tf.math.add(m, tf.math.mul(x, sd)) : tf.math.div(tf.math.sub(x, m), sd);
  }

  @Override
  public void writeConfig(ObjectNode c) {
    ArrayNode a = c.putArray("axis");
    for (int ax : axis) a.add(ax);
    c.put("invert", invert);
    if (givenMean == null) {
      c.putNull("mean");
      c.putNull("variance");
    } else if (givenMean.length == 1) {
      c.put("mean", (double) givenMean[0]);
      c.put("variance", (double) givenVariance[0]);
    } else {
      ArrayNode m = c.putArray("mean");
      ArrayNode v = c.putArray("variance");
      for (int i = 0; i < givenMean.length; i++) {
        m.add((double) givenMean[i]);
        v.add((double) givenVariance[i]);
      }
    }
  }
}
