package io.fer4j.model;

import io.fer4j.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/** Options of {@link Sequential#fit}, with Keras' names and defaults where Keras has them. */
public final class FitConfig {
  int epochs = 1;
  int batchSize = 32;
  int initialEpoch = 0;
  long seed = 1337;
  boolean shuffle = true;
  int verbose = 1;
  int workers = 2;
  final List<Callback> callbacks = new ArrayList<>();

  public FitConfig epochs(int e) { epochs = e; return this; }
  public FitConfig batchSize(int b) { batchSize = b; return this; }
  /** Zero-based epoch to start at (Keras initial_epoch), e.g. when resuming. */
  public FitConfig initialEpoch(int e) { initialEpoch = e; return this; }
  /** Seed of the per-epoch shuffle; epoch k's order depends only on (seed, k). */
  public FitConfig seed(long s) { seed = s; return this; }
  public FitConfig shuffle(boolean s) { shuffle = s; return this; }
  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  public FitConfig verbose(int v) { verbose = v; return this; }
  /** Threads that build batches ahead of the training step. */
  public FitConfig workers(int w) { workers = w; return this; }
  public FitConfig callbacks(Callback... cs) { callbacks.addAll(List.of(cs)); return this; }
  public FitConfig callback(Callback c) { callbacks.add(c); return this; }

  public int epochs() { return epochs; }
  public int batchSize() { return batchSize; }
  public long seed() { return seed; }
}
