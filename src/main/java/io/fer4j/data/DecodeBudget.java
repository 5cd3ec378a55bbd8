package io.fer4j.data;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the memory of decodes running at once, process-wide: each decode first takes its
 * estimated bytes (declared pixels x channels x bytes per value, from the header) from a shared
 * budget and waits while the budget is spent, so N threads or N requests decoding large images
 * cannot add up to more than the budget (default 1 GiB). One decode larger than the whole budget
 * runs alone. The pixel cap ({@link ImageLimits}) keeps every single decode bounded.
 */
public final class DecodeBudget {
  private static final int MIB = 1 << 20;
  private static volatile DecodeBudget shared = new DecodeBudget(1024);

  private final int mib;
  private final Semaphore permits;

  DecodeBudget(int mib) {
    this.mib = mib;
    this.permits = new Semaphore(mib, true);
  }

  /** The process-wide budget. */
  public static DecodeBudget shared() { return shared; }

  /** Replaces the process-wide budget (decodes already running keep the old one). */
  public static void setSharedMib(int mib) {
    if (mib < 1) throw new IllegalArgumentException("decode budget must be >= 1 MiB");
    shared = new DecodeBudget(mib);
  }

  public int mib() { return mib; }

  /** Runs {@code decode} once {@code bytes} of the budget are free, then gives them back. */
  public <T> T run(long bytes, Supplier<T> decode) {
    int need = (int) Math.max(1, Math.min(mib, (bytes + MIB - 1) / MIB));
    permits.acquireUninterruptibly(need);
    try {
      return decode.get();
    } finally {
      permits.release(need);
    }
  }
}
