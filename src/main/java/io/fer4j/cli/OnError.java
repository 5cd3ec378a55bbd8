package io.fer4j.cli;

import io.fer4j.Fer4jException;

/**
 * {@code --on-error skip|fail} of the batch commands: what one bad input file does to a run over
 * many. {@code skip} reports it in one line and goes on (one corrupt JPEG in 100,000 must not
 * lose the other results); {@code fail} stops at it.
 */
enum OnError {
  SKIP, FAIL;

  static OnError parse(String s) {
    return switch (s == null ? "" : s.toLowerCase(java.util.Locale.ROOT)) {
      case "skip" -> SKIP;
      case "fail" -> FAIL;
      default -> throw new Fer4jException("--on-error must be skip or fail, got " + s);
    };
  }
}
