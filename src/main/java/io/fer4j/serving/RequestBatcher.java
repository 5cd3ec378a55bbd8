package io.fer4j.serving;

import io.fer4j.Fer4jException;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SignatureInfo;
import io.fer4j.savedmodel.TensorSpec;
import io.fer4j.savedmodel.TensorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side batching as TF Serving's {@code --enable_batching}: concurrent :predict requests
 * for the same signature and per-example shapes are concatenated along dimension 0, run once,
 * and the outputs split back by row counts. A batch closes at {@code maxBatchSize} rows or
 * {@code timeoutMicros} after its first request. Requests that cannot batch (fixed dimension 0,
 * more rows than a batch, outputs not batch-major) run alone.
 */
final class RequestBatcher implements AutoCloseable {
  private record Pending(String signature, String key, Map<String, TensorValue> inputs, long rows, long arrived, CompletableFuture<Map<String, TensorValue>> done) {}

  private final LoadedSavedModel model;
  private final int maxBatchSize;
  private final long timeoutNanos;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ExecutorService runners;
  private final Thread collector;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong batchedRows = new AtomicLong();
  private volatile boolean closed;

  RequestBatcher(LoadedSavedModel model, int maxBatchSize, long timeoutMicros, int threads) {
    this.model = model;
    this.maxBatchSize = maxBatchSize;
    this.timeoutNanos = timeoutMicros * 1000;
    this.runners = Executors.newFixedThreadPool(threads, r -> daemon(r, "fer4j-batch-run"));
    this.collector = daemon(this::collect, "fer4j-batch-collect");
    collector.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Batches run so far and the rows they held (rows / batches = mean batch size). */
  long batches() { return batches.get(); }
  long batchedRows() { return batchedRows.get(); }

  Map<String, TensorValue> predict(String signature, Map<String, TensorValue> inputs) {
    return predict(signature, inputs, Deadline.none());
  }

  /** As {@link #predict(String, Map)}, waiting for the batch only until {@code deadline} (then 504; the request leaves its batch). */
  Map<String, TensorValue> predict(String signature, Map<String, TensorValue> inputs, Deadline deadline) {
    String key = batchKey(model.signature(signature), inputs);
    long rows = key == null ? 0 : inputs.values().iterator().next().dim(0);
    if (key == null || rows > maxBatchSize || closed) return model.predict(signature, inputs);
    Pending p = new Pending(signature, key, inputs, rows, System.nanoTime(), new CompletableFuture<>());
    queue.add(p);
    try {
      return deadline.unlimited() ? p.done().get() : p.done().get(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      p.done().completeExceptionally(deadline.exceeded()); // a batch not yet run skips it
      throw deadline.exceeded();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new Fer4jException("batched prediction failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServingException(503, "interrupted while waiting for a batch");
    }
  }

  /** Signature plus every input's dtype and non-batch dims, or null when the request cannot join a batch. */
  private static String batchKey(SignatureInfo sig, Map<String, TensorValue> inputs) {
    StringBuilder b = new StringBuilder(sig.key());
    long rows = -1;
    for (Map.Entry<String, TensorValue> e : inputs.entrySet()) {
      TensorSpec s = sig.inputs().get(e.getKey());
      TensorValue v = e.getValue();
      if (s == null || s.shape() == null || s.shape().length == 0 || s.shape()[0] >= 0 || v.rank() == 0) return null;
      if (rows >= 0 && v.dim(0) != rows) return null;
      rows = v.dim(0);
      long[] dims = v.shape();
      b.append('|').append(e.getKey()).append(v.dtype()).append(Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length)));
    }
    return rows > 0 ? b.toString() : null;
  }

  /** An open batch of one key: its requests, rows and closing time. */
  private static final class Open {
    final List<Pending> items = new ArrayList<>();
    long rows;
    final long deadline;

    Open(long deadline) { this.deadline = deadline; }
  }

  private void collect() {
    Map<String, Open> open = new LinkedHashMap<>();
    while (!closed) {
      try {
        long now = System.nanoTime();
        long wait = 100_000_000L;
        for (Open o : open.values()) wait = Math.min(wait, o.deadline - now);
        Pending p = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        if (p != null) {
          Open o = open.get(p.key());
          if (o != null && o.rows + p.rows() > maxBatchSize) {
            dispatch(open.remove(p.key()));
            o = null;
          }
          if (o == null) open.put(p.key(), o = new Open(p.arrived() + timeoutNanos));
          o.items.add(p);
          o.rows += p.rows();
          if (o.rows >= maxBatchSize) dispatch(open.remove(p.key()));
        }
        now = System.nanoTime();
        for (var it = open.values().iterator(); it.hasNext(); ) {
          Open o = it.next();
          if (o.deadline - now <= 0) {
            it.remove();
            dispatch(o);
          }
        }
      } catch (InterruptedException e) {
        break;
      }
    }
    for (Open o : open.values()) dispatch(o);
  }

  private void dispatch(Open o) {
    List<Pending> batch = o.items;
    runners.execute(() -> run(batch));
  }

  private void run(List<Pending> all) {
    List<Pending> batch = new ArrayList<>(all.size());
    for (Pending p : all) if (!p.done().isDone()) batch.add(p); // callers past their deadline have left
    if (batch.isEmpty()) return;
    try {
      if (batch.size() == 1) {
        Pending p = batch.get(0);
        p.done().complete(model.predict(p.signature(), p.inputs()));
        return;
      }
      Map<String, TensorValue> joined = new LinkedHashMap<>();
      for (String name : batch.get(0).inputs().keySet()) {
        List<TensorValue> parts = new ArrayList<>();
        for (Pending p : batch) parts.add(p.inputs().get(name));
        joined.put(name, TensorValue.concat(parts));
      }
      long total = batch.stream().mapToLong(Pending::rows).sum();
      Map<String, TensorValue> out = model.predict(batch.get(0).signature(), joined);
      for (TensorValue v : out.values()) {
        if (v.rank() == 0 || v.dim(0) != total) { // outputs not batch-major: answer each alone
          for (Pending p : batch) complete(p);
          return;
        }
      }
      batches.incrementAndGet();
      batchedRows.addAndGet(total);
      long at = 0;
      for (Pending p : batch) {
        Map<String, TensorValue> mine = new LinkedHashMap<>();
        for (Map.Entry<String, TensorValue> e : out.entrySet()) mine.put(e.getKey(), e.getValue().slice(at, at + p.rows()));
        at += p.rows();
        p.done().complete(mine);
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1) batch.get(0).done().completeExceptionally(e);
      else for (Pending p : batch) complete(p); // one bad request must not fail its batch mates
    }
  }

  private void complete(Pending p) {
    try {
      p.done().complete(model.predict(p.signature(), p.inputs()));
    } catch (RuntimeException e) {
      p.done().completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    collector.interrupt();
    try {
      collector.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending p;
    while ((p = queue.poll()) != null) complete(p);
    runners.shutdown();
    try {
      runners.awaitTermination(30, TimeUnit.SECONDS); // batches dispatched at shutdown still finish
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
