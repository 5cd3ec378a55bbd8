package io.fer4j.testing;

import io.fer4j.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Feeds generated inputs to one reader with a per-input timeout and sorts the outcomes the way a
 * user would see them: accepted, refused with a one-line {@link Fer4jException} (fine), or a
 * finding — any other exception or error (a stack trace for the user), a multi-line or empty
 * message, or no answer within the timeout (a hang). {@link #WORKERS} lanes run at once (input i
 * on lane i % WORKERS, so a reader can keep one scratch file per lane). Findings are saved under
 * target/fuzz-findings for replay; the counts are printed.
 */
public final class FuzzRun {
  /** Lanes run in parallel: the machine's cores, at most 2 (the suite shares a 2-core machine). */
  public static final int WORKERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  /** Reads one input; returns normally when the input was accepted. */
  @FunctionalInterface
  public interface Reader {
    void read(byte[] input, int index) throws Exception;
  }

  /** What a run saw. */
  public record Counts(String name, int inputs, int accepted, int refused, List<String> findings, double seconds, double acceptedSeconds, long slowestMs) {
    public String line() {
      return String.format("fuzz %-22s %,7d inputs: %,7d accepted, %,7d refused in one line, %d findings, %.1f s (%d lanes, slowest input %d ms)",
          name, inputs, accepted, refused, findings.size(), seconds, WORKERS, slowestMs);
    }
  }

  private FuzzRun() {}

  public static Counts run(String name, int count, long timeoutMs, IntFunction<byte[]> inputs, Reader reader) throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicLong acceptedNanos = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    List<String> findings = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    ExecutorService lanes = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int lane = w;
      done.add(lanes.submit(() -> {
        lane(name, lane, count, timeoutMs, inputs, reader, accepted, refused, acceptedNanos, slowest, findings);
        return null;
      }));
    }
    try {
      for (Future<?> f : done) f.get();
    } finally {
      lanes.shutdownNow();
    }
    List<String> sorted = new ArrayList<>(findings);
    Collections.sort(sorted);
    Counts c = new Counts(name, count, accepted.get(), refused.get(), sorted, (System.nanoTime() - t0) / 1e9, acceptedNanos.get() / 1e9, slowest.get() / 1_000_000);
    System.out.println(c.line());
    for (String f : sorted.subList(0, Math.min(5, sorted.size()))) System.out.println("  " + f);
    return c;
  }

  private static void lane(String name, int lane, int count, long timeoutMs, IntFunction<byte[]> inputs, Reader reader,
      AtomicInteger accepted, AtomicInteger refused, AtomicLong acceptedNanos, AtomicLong slowest, List<String> findings) throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "fuzz-" + name + "-" + lane));
    try {
      for (int i = lane; i < count; i += WORKERS) {
        byte[] in = inputs.apply(i);
        int index = i;
        Future<?> f = worker.submit(() -> {
          reader.read(in, index);
          return null;
        });
        String finding = null;
        long s0 = System.nanoTime();
        try {
          f.get(timeoutMs, TimeUnit.MILLISECONDS);
          accepted.incrementAndGet();
          acceptedNanos.addAndGet(System.nanoTime() - s0);
        } catch (TimeoutException e) {
          f.cancel(true);
          worker.shutdownNow();
          worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "fuzz-" + name + "-" + lane));
          finding = "hang: no answer within " + timeoutMs + " ms";
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof Fer4jException fe && fe.getMessage() != null && !fe.getMessage().isBlank() && !fe.getMessage().contains("\n")) {
            refused.incrementAndGet();
          } else if (c instanceof Fer4jException fe) {
            finding = "refusal not on one line: '" + fe.getMessage() + "'";
          } else {
            finding = "stack trace to the user: " + c;
          }
        }
        long took = System.nanoTime() - s0;
        slowest.accumulateAndGet(took, Math::max);
        if (finding != null) {
          findings.add("input " + i + ": " + finding);
          Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
          Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9.]", "_") + "-" + i + ".bin"), in);
        }
      }
    } finally {
      worker.shutdownNow();
    }
  }
}
