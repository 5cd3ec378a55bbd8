package io.fer4j.cli;

/**
 * SIGTERM and SIGINT as a request to stop, for long-running commands that must end cleanly: the
 * JVM's default would run shutdown hooks and exit 143 while requests are still being answered;
 * a handler lets the command drain and return 0 (what Kubernetes and systemd expect from a
 * graceful stop). Uses {@code sun.misc.Signal} (jdk.unsupported, present in every JDK 17);
 * where a signal cannot be handled, a shutdown hook does the same, less gracefully.
 */
final class Signals {
  private Signals() {}

  /** Calls {@code stop} once, with the signal's name (SIGTERM, SIGINT, or "shutdown"), on SIGTERM or SIGINT. */
  static void onTermination(java.util.function.Consumer<String> stop) {
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.function.Consumer<String> first = name -> {
      if (once.compareAndSet(false, true)) stop.accept(name);
    };
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> first.accept("SIG" + name));
      } catch (IllegalArgumentException e) { // not available on this platform or already used by the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(() -> first.accept("shutdown"), "fer4j-stop"));
      }
    }
  }
}
