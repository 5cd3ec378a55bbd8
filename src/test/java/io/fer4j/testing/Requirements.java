package io.fer4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates what cross-language tests need: ../shared (fixtures, FER2013) and the Python oracle
 * (TF 2.21 + Keras 3.15.1). On a user's machine a missing piece skips the test with a message
 * saying what to provide; in CI (CI=true) it fails the run, so nothing is skipped silently.
 */
public final class Requirements {
  private Requirements() {}

  public static boolean ci() { return "true".equalsIgnoreCase(System.getenv("CI")); }

  private static void require(boolean ok, String what) {
    if (ok) return;
    if (ci()) fail("CI=true but " + what);
    assumeTrue(false, "skipped: " + what);
  }

  /** ../shared relative to the project root (Maven runs tests there). */
  public static Path shared() {
    Path p = Path.of("..", "shared").toAbsolutePath().normalize();
    require(Files.isDirectory(p.resolve("fixtures")), "../shared (fixtures and data) is missing next to the project: " + p);
    return p;
  }

  public static Path fixture(String rel) {
    Path p = shared().resolve("fixtures").resolve(rel);
    require(Files.exists(p), "fixture " + p + " is missing");
    return p;
  }

  /** The oracle's python: $FER4J_PYTHON, else .venv/bin/python (made by scripts/setup-python-venv). */
  public static Path python() {
    String env = System.getenv("FER4J_PYTHON");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of(".venv", "bin", "python").toAbsolutePath();
    require(Files.isExecutable(p), "the Python oracle is missing (" + p + "); run scripts/setup-python-venv or set FER4J_PYTHON");
    return p;
  }
}
