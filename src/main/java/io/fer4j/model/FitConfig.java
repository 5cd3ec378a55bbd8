package io.fer4j.model;


import java.util.ArrayList;
import java.util.List;

/** Options of {@link Sequential#fit}, with Keras' names and defaults where Keras has them. */
public final class FitConfig {
  int epochs = 1;
  int batchSize = 32;
  int initialEpoch = 0;
  int initialBatch = 0;
  double initialLoss;
  double[][] initialMetricState;
  long seed = 1337;
  boolean shuffle = true;
  int verbose = 1;
  int workers = 2;
  final List<Callback> callbacks = new ArrayList<>();
  float labelSmoothing = 0f;
  float[] classWeights;

  public FitConfig epochs(int e) { epochs = e; return this; }
  public FitConfig batchSize(int b) { batchSize = b; return this; }
  /** Zero-based epoch to start at (Keras initial_epoch), e.g. when resuming. */
  public FitConfig initialEpoch(int e) { initialEpoch = e; return this; }

  /**
   * Resumes inside the initial epoch: its first {@code batches} batches are done, with this
   * running mean loss and these metric states ({@link TrainingContext#runningMetricState}; null:
   * the metrics stream again from the resumed batch), so the epoch's logs still cover all of it.
   */
  public FitConfig initialBatch(int batches, double loss, double[][] metricState) {
    if (batches < 0) throw new io.fer4j.Fer4jException("initial batch must be >= 0, got " + batches);
    initialBatch = batches;
    initialLoss = loss;
    initialMetricState = metricState;
    return this;
  }
  /** Seed of the per-epoch shuffle; epoch k's order depends only on (seed, k). */
  public FitConfig seed(long s) { seed = s; return this; }
  public FitConfig shuffle(boolean s) { shuffle = s; return this; }
  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  public FitConfig verbose(int v) { verbose = v; return this; }
  /** Threads that build batches ahead of the training step. */
  public FitConfig workers(int w) { workers = w; return this; }
  public FitConfig callbacks(Callback... cs) { callbacks.addAll(List.of(cs)); return this; }
  public FitConfig callback(Callback c) { callbacks.add(c); return this; }

  /** Keras label_smoothing of categorical_crossentropy (0 = off). */
  public FitConfig labelSmoothing(double s) {
    if (!(s >= 0 && s < 1)) throw new io.fer4j.Fer4jException("label smoothing must be in [0, 1), got " + s);
    labelSmoothing = (float) s;
    return this;
  }

  /** Keras class_weight: the loss of each sample is multiplied by its class's weight. */
  public FitConfig classWeights(float[] w) { classWeights = w == null ? null : w.clone(); return this; }

  /** "balanced" class weights, n / (classes * count), as scikit-learn computes them. */
  public static float[] balancedClassWeights(int[] counts) {
    long n = 0;
    int present = 0;
    for (int c : counts) {
      n += c;
      if (c > 0) present++;
    }
    float[] w = new float[counts.length];
    for (int i = 0; i < counts.length; i++) w[i] = counts[i] == 0 ? 0f : (float) n / (present * counts[i]);
    return w;
  }

  public int epochs() { return epochs; }
  public int batchSize() { return batchSize; }
  public long seed() { return seed; }
}
