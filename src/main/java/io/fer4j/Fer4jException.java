package io.fer4j;

/**
 * A user-facing failure: bad input, a missing file, an unsupported model. The message is one line
 * naming the thing at fault, so the CLI can print it without a stack trace.
 */
public class Fer4jException extends RuntimeException {
  public Fer4jException(String message) {
    super(message);
  }

  public Fer4jException(String message, Throwable cause) {
    super(message, cause);
  }
}
