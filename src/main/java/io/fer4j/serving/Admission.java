package io.fer4j.serving;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Bounds model work: at most {@code workers} requests run a model at once (on this class's own
 * threads) and at most {@code queue} more wait; beyond that a request is refused at once with
 * 503, so overload shows up as fast errors instead of unbounded latency and memory. The caller
 * waits only until its {@link Deadline}: then it gets 504, and work that has not started yet is
 * skipped (work already running finishes and still holds its slot, so the bound stays true).
 */
final class Admission implements AutoCloseable {
  private final Semaphore admitted;
  private final ExecutorService workers;

  Admission(int workers, int queue) {
    if (workers < 1 || queue < 0) throw new IllegalArgumentException("workers >= 1 and queue >= 0");
    admitted = new Semaphore(workers + queue);
    this.workers = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "fer4j-serve-worker");
      t.setDaemon(true);
      return t;
    });
  }

  <T> T run(Supplier<T> work) { return run(work, Deadline.none()); }

  <T> T run(Supplier<T> work, Deadline deadline) {
    if (!admitted.tryAcquire()) throw new ServingException(503, "server overloaded: request queue is full; retry later");
    Future<T> f;
    try {
      f = workers.submit(() -> {
        try {
          if (deadline.expired()) throw deadline.exceeded(); // waited out its deadline in the queue: skip
          return work.get();
        } finally {
          admitted.release();
        }
      });
    } catch (RuntimeException e) { // rejected: shutting down
      admitted.release();
      throw new ServingException(503, "server is shutting down");
    }
    try {
      return deadline.unlimited() ? f.get() : f.get(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw deadline.exceeded();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServingException(503, "interrupted while waiting for a worker");
    }
  }

  @Override
  public void close() { workers.shutdown(); }
}
