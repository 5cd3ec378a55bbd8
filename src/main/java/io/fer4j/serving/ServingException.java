package io.fer4j.serving;

/**
 * A request failure with the HTTP status TF Serving would give it: 400 for INVALID_ARGUMENT, 404
 * for NOT_FOUND, 413/503 for limits. The message becomes the {@code {"error": ...}} body.
 */
public final class ServingException extends RuntimeException {
  private final int status;

  public ServingException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() { return status; }

  public static ServingException badRequest(String message) { return new ServingException(400, message); }

  public static ServingException notFound(String message) { return new ServingException(404, message); }
}
