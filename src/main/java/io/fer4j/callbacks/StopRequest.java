package io.fer4j.callbacks;

/**
 * A request from outside the fit loop (a SIGTERM or Ctrl-C handler, another thread) to stop
 * training at the next batch boundary. Set from any thread; {@link BackupAndRestore} reads it
 * after each batch, writes a backup and ends fit with {@link TrainingInterrupted}, so stopping
 * never loses more than the batch in flight.
 */
public final class StopRequest {
  private volatile String reason;

  /** Asks training to stop; {@code why} (e.g. "SIGTERM") is kept for the message. The first reason wins. */
  public synchronized void request(String why) {
    if (reason == null) reason = why;
  }

  /** Why a stop was requested, or null while none was. */
  public String reason() {
    return reason;
  }
}
