package io.fer4j.serving;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds model work: at most {@code workers} requests run a model at once and at most
 * {@code queue} more wait; beyond that a request is refused at once with 503, so overload
 * shows up as fast errors instead of unbounded latency and memory.
 */
final class Admission {
  private final Semaphore admitted;
  private final Semaphore running;

  Admission(int workers, int queue) {
    if (workers < 1 || queue < 0) throw new IllegalArgumentException("workers >= 1 and queue >= 0");
    admitted = new Semaphore(workers + queue);
    running = new Semaphore(workers, true);
  }

  <T> T run(Supplier<T> work) {
    if (!admitted.tryAcquire()) throw new ServingException(503, "server overloaded: request queue is full; retry later");
    try {
      running.acquireUninterruptibly();
      try {
        return work.get();
      } finally {
        running.release();
      }
    } finally {
      admitted.release();
    }
  }
}
