package io.fer4j.serving;

/**
 * A request's deadline ({@code --request-timeout-ms}): waits for a worker, a batch or a model
 * run give up when it passes and the client gets 504, as TF Serving answers DEADLINE_EXCEEDED,
 * instead of holding the connection for as long as the queue takes. 0 means no deadline.
 */
final class Deadline {
  private final long end;
  private final long timeoutMs;

  private Deadline(long timeoutMs) {
    this.timeoutMs = timeoutMs;
    this.end = timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000 : Long.MAX_VALUE;
  }

  static Deadline after(long timeoutMs) { return new Deadline(timeoutMs); }

  static Deadline none() { return new Deadline(0); }

  boolean unlimited() { return timeoutMs <= 0; }

  /** Nanoseconds left (Long.MAX_VALUE without a deadline, <= 0 once expired). */
  long remainingNanos() { return unlimited() ? Long.MAX_VALUE : end - System.nanoTime(); }

  boolean expired() { return remainingNanos() <= 0; }

  ServingException exceeded() {
    return new ServingException(504, "deadline exceeded: the request did not finish within " + timeoutMs + " ms (--request-timeout-ms)");
  }
}
