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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side batching as TF Serving's {@code --enable_batching}: concurrent :predict requests
 * for the same signature and per-example shapes are concatenated along dimension 0, run once,
 * and the outputs split back by row counts. Each runner thread, when free, takes the oldest
 * waiting request and the waiting requests of the same key, up to {@code maxBatchSize} rows,
 * waiting at most until {@code timeoutMicros} after that oldest request arrived. So batches
 * form while all runners are busy (their size follows the load, as in TF Serving's shared batch
 * scheduler) and a lone request waits no longer than the timeout. Requests that cannot batch
 * (fixed dimension 0, more rows than a batch, outputs not batch-major) run alone.
 */
final class RequestBatcher implements AutoCloseable {
  private record Pending(String signature, String key, Map<String, TensorValue> inputs, long rows, long arrived, CompletableFuture<Map<String, TensorValue>> done) {}

  private final LoadedSavedModel model;
  private final int maxBatchSize;
  private final long timeoutNanos;
  private final java.util.ArrayDeque<Pending> queue = new java.util.ArrayDeque<>();
  private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
  private final java.util.concurrent.locks.Condition arrived = lock.newCondition();
  private final List<Thread> runners = new ArrayList<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong batchedRows = new AtomicLong();
  private volatile boolean closed;

  RequestBatcher(LoadedSavedModel model, int maxBatchSize, long timeoutMicros, int threads) {
    this.model = model;
    this.maxBatchSize = maxBatchSize;
    this.timeoutNanos = timeoutMicros * 1000;
    for (int i = 0; i < threads; i++) {
      Thread t = daemon(this::runLoop, "fer4j-batch-run");
      runners.add(t);
      t.start();
    }
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
    lock.lock();
    try {
      queue.addLast(p);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
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

  /** A runner: forms the next batch as described in the class comment and runs it, until closed. */
  private void runLoop() {
    while (true) {
      List<Pending> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) return;
      run(batch);
    }
  }

  /** The next batch, or null once closed and drained. */
  private List<Pending> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (closed) return null;
        arrived.await();
      }
      Pending first = queue.peekFirst();
      long deadline = first.arrived() + timeoutNanos;
      while (!closed && rowsWaiting(first.key()) < maxBatchSize) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) break;
        arrived.awaitNanos(wait);
      }
      List<Pending> batch = new ArrayList<>();
      long rows = 0;
      for (var it = queue.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (!p.key().equals(first.key())) continue;
        if (rows + p.rows() > maxBatchSize) break;
        batch.add(p);
        rows += p.rows();
        it.remove();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private long rowsWaiting(String key) {
    long rows = 0;
    for (Pending p : queue) if (p.key().equals(key)) rows += p.rows();
    return rows;
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
    lock.lock();
    try {
      closed = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    for (Thread t : runners) { // runners finish what is queued (batches formed without waiting), then stop
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
