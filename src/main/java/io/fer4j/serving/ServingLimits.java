package io.fer4j.serving;

/**
 * The limits that keep {@code serve} up under hostile or unlucky clients, each a flag of
 * {@code serve}: a per-request deadline (504), Jetty's idle timeout and minimum request-body
 * rate (slow clients, slowloris), a cap on open connections, JSON nesting depth, and the number
 * of examples per request ({@code --max-instances}). 0 turns a limit off where noted.
 */
public record ServingLimits(long requestTimeoutMs, long idleTimeoutMs, long minRequestBytesPerSecond, int maxConnections,
    int maxJsonDepth, int maxInstances) {
  public ServingLimits {
    if (requestTimeoutMs < 0 || idleTimeoutMs < 1 || minRequestBytesPerSecond < 0 || maxConnections < 1 || maxJsonDepth < 2 || maxInstances < 1) {
      throw new IllegalArgumentException("--request-timeout-ms and --min-request-bytes-per-second must be >= 0; --idle-timeout-ms, --max-connections, --max-instances >= 1; JSON depth >= 2");
    }
  }

  /**
   * 30 s deadline; 30 s idle (Jetty's default: a stalled or dribbling client is cut at its first
   * long pause); no minimum body data rate (Jetty measures it from the first byte to the
   * handler's read, so on a busy server a tiny, complete body looks slow: seen as 408s under
   * load); 1,024 connections; JSON depth 32 (a rank-8 tensor in named instances needs about 11); 1,024
   * examples per request.
   */
  public static ServingLimits defaults() { return new ServingLimits(30_000, 30_000, 0, 1024, 32, 1024); }

  public ServingLimits withRequestTimeoutMs(long ms) { return new ServingLimits(ms, idleTimeoutMs, minRequestBytesPerSecond, maxConnections, maxJsonDepth, maxInstances); }

  public ServingLimits withIdleTimeoutMs(long ms) { return new ServingLimits(requestTimeoutMs, ms, minRequestBytesPerSecond, maxConnections, maxJsonDepth, maxInstances); }

  public ServingLimits withMaxInstances(int n) { return new ServingLimits(requestTimeoutMs, idleTimeoutMs, minRequestBytesPerSecond, maxConnections, maxJsonDepth, n); }

  public ServingLimits withMaxConnections(int n) { return new ServingLimits(requestTimeoutMs, idleTimeoutMs, minRequestBytesPerSecond, n, maxJsonDepth, maxInstances); }
}
