package io.fer4j.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT as a request to stop, for long-running commands that must end cleanly: the
 * JVM's default would run shutdown hooks and exit 143 while requests are still being answered
 * or a training step is half done; a handler lets the command drain (serve) or back up at the next
 * batch (train) and choose its exit code. Uses {@code sun.misc.Signal} (jdk.unsupported, present
 * in every JDK 17); where a signal cannot be handled, a shutdown hook does the same, less gracefully.
 */
final class Signals {
  private Signals() {}

  /** Calls {@code stop} once, with the signal's name (SIGTERM, SIGINT, or "shutdown"), on SIGTERM or SIGINT. */
  static void onTermination(Consumer<String> stop) {
    AtomicBoolean once = new AtomicBoolean();
    onEachTermination(name -> {
      if (once.compareAndSet(false, true)) stop.accept(name);
    });
  }

  /**
   * Calls {@code handler} on every SIGTERM or SIGINT (a second Ctrl-C can then mean "quit now");
   * closing the result puts the previous handlers back, so a command run inside a longer-lived JVM
   * (tests, an embedding application) does not leave the JVM deaf to SIGTERM.
   */
  static AutoCloseable onEachTermination(Consumer<String> handler) {
    java.util.List<Runnable> undo = new java.util.ArrayList<>();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal sig = new sun.misc.Signal(name);
        sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, s -> handler.accept("SIG" + name));
        undo.add(() -> sun.misc.Signal.handle(sig, old));
      } catch (IllegalArgumentException e) { // not available on this platform or already used by the JVM
        Thread hook = new Thread(() -> handler.accept("shutdown"), "fer4j-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        undo.add(() -> {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
          }
        });
      }
    }
    return () -> undo.forEach(Runnable::run);
  }
}
