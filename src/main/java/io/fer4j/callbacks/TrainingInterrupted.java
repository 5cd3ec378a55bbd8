package io.fer4j.callbacks;

import io.fer4j.Fer4jException;

/**
 * Ends {@code fit} at a batch boundary once a backup of that exact point is on disk, so the
 * caller can exit and a rerun resumes there. Thrown out of the fit loop on purpose: Keras'
 * {@code stop_training} would only stop after the epoch, which can take minutes.
 */
public final class TrainingInterrupted extends Fer4jException {
  private final String reason;

  TrainingInterrupted(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** What asked for the stop (e.g. "SIGTERM"). */
  public String reason() {
    return reason;
  }
}
