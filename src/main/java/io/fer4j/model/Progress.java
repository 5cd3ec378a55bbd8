package io.fer4j.model;

import java.io.PrintStream;
import java.util.Map;

/**
 * Keras-style progress: "12/404 ━━━━━━──── 1:23 ETA - accuracy: 0.4567 - loss: 1.2345" (every compiled metric) updated in
 * place on a terminal, a few plain lines otherwise (logs, CI), and the epoch summary line.
 */
final class Progress {
  private final PrintStream out;
  private final int total;
  private final boolean tty = System.console() != null;
  private final long start = System.nanoTime();
  private int lastPrintedDecile = -1;

  Progress(PrintStream out, int total) {
    this.out = out;
    this.total = total;
  }

  /** @param logs the metrics so far and the loss, in Keras' order (metrics, then loss) */
  void update(int done, Map<String, Double> logs) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    double eta = done == 0 ? 0 : elapsed / done * (total - done);
    StringBuilder sb = new StringBuilder(String.format("%s %s %s ETA", counter(done), bar(done), clock(eta)));
    logs.forEach((k, v) -> sb.append(String.format(" - %s: %.4f", k, v)));
    String line = sb.toString();
    if (tty) {
      out.print("\r" + line + "   ");
      out.flush();
    } else {
      int decile = done * 10 / Math.max(1, total);
      if (decile != lastPrintedDecile && done < total) {
        lastPrintedDecile = decile;
        out.println(line);
      }
    }
  }

  void finish(Map<String, Double> logs) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    StringBuilder sb = new StringBuilder();
    sb.append(counter(total)).append(' ').append(bar(total)).append(' ')
        .append(Math.round(elapsed)).append("s ").append(Math.round(elapsed * 1000 / Math.max(1, total))).append("ms/step");
    logs.forEach((k, v) -> {
      if (!k.equals("learning_rate")) sb.append(" - ").append(k).append(": ").append(String.format("%.4f", v));
    });
    if (tty) out.print("\r");
    out.println(sb);
  }

  private String counter(int done) {
    String t = Integer.toString(total);
    return String.format("%" + t.length() + "d/%s", done, t);
  }

  private String bar(int done) {
    int width = 20;
    int filled = (int) ((long) done * width / Math.max(1, total));
    return "━".repeat(filled) + "─".repeat(width - filled);
  }

  private static String clock(double s) {
    long sec = Math.round(s);
    return sec >= 60 ? String.format("%d:%02d", sec / 60, sec % 60) : sec + "s";
  }
}
