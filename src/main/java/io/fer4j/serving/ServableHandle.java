package io.fer4j.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.model.SavedModelExport;
import io.fer4j.savedmodel.LoadedSavedModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version of a served model, reference counted so that a version swapped out by the
 * poller is closed only after the last in-flight request using it has finished. The manager
 * holds one reference from load until {@link #retire}; each request holds one between a
 * successful {@link #acquire} and {@link #release}.
 */
final class ServableHandle {
  final long version;
  final LoadedSavedModel model;
  final ObjectNode fer4jMetadata;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile ImagePreprocessor images;
  private volatile RequestBatcher batcher;

  ServableHandle(long version, LoadedSavedModel model) {
    this.version = version;
    this.model = model;
    ObjectNode meta;
    try {
      meta = SavedModelExport.readMetadata(model.dir());
    } catch (RuntimeException e) {
      meta = null; // a broken fer4j.json only disables class names, like an absent one
    }
    this.fer4jMetadata = meta;
  }

  /** Takes a reference; false once the handle is closing (the caller then looks again). */
  boolean acquire() {
    while (true) {
      int r = refs.get();
      if (r == 0) return false;
      if (refs.compareAndSet(r, r + 1)) return true;
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      ImagePreprocessor p = images;
      if (p != null) p.close();
      RequestBatcher b = batcher;
      if (b != null) b.close();
      model.close();
    }
  }

  /** Drops the manager's reference: closes now if idle, else when the last request releases. */
  void retire() { release(); }

  boolean isClosed() { return refs.get() == 0; }

  /** This version's server-side batcher, started on first use. */
  RequestBatcher batcher(int maxBatchSize, long timeoutMicros, int threads) {
    RequestBatcher b = batcher;
    if (b == null) {
      synchronized (this) {
        b = batcher;
        if (b == null) batcher = b = new RequestBatcher(model, maxBatchSize, timeoutMicros, threads);
      }
    }
    return b;
  }

  /** The decode/resize graph for :predictImage, built on first use. */
  ImagePreprocessor images() {
    ImagePreprocessor p = images;
    if (p == null) {
      synchronized (this) {
        p = images;
        if (p == null) images = p = new ImagePreprocessor(model, fer4jMetadata);
      }
    }
    return p;
  }
}
