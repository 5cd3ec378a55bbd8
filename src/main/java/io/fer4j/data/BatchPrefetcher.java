package io.fer4j.data;

import io.fer4j.Fer4jException;
import io.fer4j.losses.LabelFormat;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Builds batches on background threads, {@code depth} batches ahead of the training step, in
 * order. The time the consumer spends blocked in {@link #next()} is recorded, so "training never
 * waits on data" is measured, not assumed.
 */
public final class BatchPrefetcher implements AutoCloseable {
  private final Dataset data;
  private final int[] order;
  private final int batchSize;
  private final int numClasses;
  private final int depth;
  private final float labelSmoothing;
  private final float[] classWeights;
  private final LabelFormat format;
  private final ExecutorService pool;
  private final ArrayDeque<Future<Batch>> queue = new ArrayDeque<>();
  private int nextToSubmit;
  private long waitNanos;

  public BatchPrefetcher(Dataset data, int[] order, int batchSize, int workers, int depth) {
    this(data, order, batchSize, workers, depth, 0f, null);
  }

  /**
   * @param labelSmoothing Keras label_smoothing: targets become y (1 - s) + s / classes
   * @param classWeights loss weight of each class (Keras class_weight), or null for 1
   */
  public BatchPrefetcher(Dataset data, int[] order, int batchSize, int workers, int depth, float labelSmoothing, float[] classWeights) {
    this(data, order, batchSize, workers, depth, labelSmoothing, classWeights, LabelFormat.ONE_HOT);
  }

  /** @param format the labels the loss needs: one-hot rows (B, classes), indices (B), or a 0/1 column (B, 1) */
  public BatchPrefetcher(Dataset data, int[] order, int batchSize, int workers, int depth, float labelSmoothing, float[] classWeights, LabelFormat format) {
    if (labelSmoothing > 0 && format != LabelFormat.ONE_HOT) throw new Fer4jException("label smoothing needs one-hot labels; the loss takes " + format.name().toLowerCase(java.util.Locale.ROOT) + " labels");
    this.format = format;
    this.labelSmoothing = labelSmoothing;
    this.classWeights = classWeights;
    this.data = data;
    this.order = order;
    this.batchSize = batchSize;
    this.numClasses = data.classes().size();
    this.depth = Math.max(1, depth);
    this.pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
      Thread t = new Thread(r, "fer4j-batches");
      t.setDaemon(true);
      return t;
    });
    fill();
  }

  public int batches() { return (order.length + batchSize - 1) / batchSize; }

  private void fill() {
    while (queue.size() < depth && nextToSubmit < batches()) {
      int b = nextToSubmit++;
      queue.add(pool.submit(() -> make(b)));
    }
  }

  /** Builds batch number b (the last one may be smaller). */
  public Batch make(int b) {
    int from = b * batchSize;
    int n = Math.min(batchSize, order.length - from);
    int sample = data.sampleSize();
    float[] x = new float[n * sample];
    int width = format == LabelFormat.ONE_HOT ? numClasses : 1;
    float[] y = new float[n * width];
    float[] w = new float[n];
    float off = labelSmoothing / numClasses;
    float on = 1f - labelSmoothing + off;
    for (int i = 0; i < n; i++) {
      int idx = order[from + i];
      data.copyInput(idx, x, i * sample);
      int label = data.label(idx);
      if (format != LabelFormat.ONE_HOT) {
        y[i] = label;
      } else {
        if (labelSmoothing > 0) java.util.Arrays.fill(y, i * numClasses, (i + 1) * numClasses, off);
        y[i * numClasses + label] = on;
      }
      w[i] = classWeights == null ? 1f : classWeights[label];
    }
    long[] shape = data.sampleShape();
    long[] full = new long[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    TFloat32 xt = TFloat32.tensorOf(Shape.of(full), DataBuffers.of(x, true, false));
    Shape ys = switch (format) {
      case ONE_HOT -> Shape.of(n, numClasses);
      case SPARSE -> Shape.of(n);
      case BINARY -> Shape.of(n, 1);
    };
    TFloat32 yt = TFloat32.tensorOf(ys, DataBuffers.of(y, true, false));
    TFloat32 wt = TFloat32.tensorOf(Shape.of(n), DataBuffers.of(w, true, false));
    return new Batch(xt, yt, wt, n);
  }

  public boolean hasNext() { return !queue.isEmpty(); }

  public Batch next() {
    Future<Batch> f = queue.poll();
    long t0 = System.nanoTime();
    try {
      Batch b = f.get();
      waitNanos += System.nanoTime() - t0;
      fill();
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) throw re;
      throw new IllegalStateException(c);
    }
  }

  /** Total time the consumer waited for batches, in seconds. */
  public double waitSeconds() { return waitNanos / 1e9; }

  @Override
  public void close() {
    pool.shutdownNow();
    for (Future<Batch> f : queue) {
      try {
        f.get().close();
      } catch (Exception ignored) {
        // a batch that failed to build holds no tensors
      }
    }
    queue.clear();
  }
}
