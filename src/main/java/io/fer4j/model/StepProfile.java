package io.fer4j.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Where a training step's time goes: runs one step with TF's FULL_TRACE and sums kernel time per
 * op type as the runtime executed it (after grappler and oneDNN rewrites, e.g. _MklConv2D), so a
 * slow step can be diagnosed without an external profiler.
 */
public final class StepProfile {
  /** One op type's (or node's) share: total kernel microseconds and the number of kernels run. */
  public record Entry(String opType, long micros, int count) {}

  private final List<Entry> entries;
  private final List<Entry> nodes;
  private final long wallMicros;

  private StepProfile(List<Entry> entries, List<Entry> nodes, long wallMicros) {
    this.entries = entries;
    this.nodes = nodes;
    this.wallMicros = wallMicros;
  }

  /** Traces one training step of {@code model} on the given batch (the step is applied). */
  public static StepProfile trace(Model model, TFloat32 x, TFloat32 y, TFloat32 sampleWeights) {
    ModelGraph g = model.graph();
    if (g.trainStep == null) throw new io.fer4j.Fer4jException("the model is not compiled: nothing to profile");
    RunOptions opts = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    long t0 = System.nanoTime();
    RunMetadata md;
    try (Result r = g.session.runner().feed(g.input, x).feed(g.labels, y).feed(g.sampleWeights, sampleWeights)
        .addTarget(g.trainStep).fetch(g.trainLoss).setOptions(opts).runAndFetchMetadata()) {
      md = r.getMetadata().orElseThrow(() -> new io.fer4j.Fer4jException("TensorFlow returned no step trace"));
    }
    long wall = (System.nanoTime() - t0) / 1000;
    Map<String, long[]> byType = new HashMap<>();
    Map<String, long[]> byNode = new HashMap<>();
    for (DeviceStepStats d : md.getStepStats().getDevStatsList()) {
      for (NodeExecStats n : d.getNodeStatsList()) {
        long us = n.getOpEndRelMicros() - n.getOpStartRelMicros();
        add(byType, opType(n), us);
        add(byNode, n.getNodeName() + " (" + opType(n) + ")", us);
      }
    }
    return new StepProfile(sorted(byType), sorted(byNode), wall);
  }

  private static void add(Map<String, long[]> m, String key, long micros) {
    long[] a = m.computeIfAbsent(key, k -> new long[2]);
    a[0] += micros;
    a[1]++;
  }

  private static List<Entry> sorted(Map<String, long[]> m) {
    List<Entry> list = new ArrayList<>();
    m.forEach((k, v) -> list.add(new Entry(k, v[0], (int) v[1])));
    list.sort((a, b) -> Long.compare(b.micros(), a.micros()));
    return List.copyOf(list);
  }

  /** Op type from a timeline label "name = Type(inputs)"; the node name when there is none. */
  static String opType(NodeExecStats n) {
    String label = n.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq >= 0) {
      int paren = label.indexOf('(', eq);
      return label.substring(eq + 3, paren > 0 ? paren : label.length()).trim();
    }
    return n.getNodeName();
  }

  /** Kernel time per op type, largest first. */
  public List<Entry> entries() { return entries; }

  /** Kernel time per graph node ("name (type)"), largest first. */
  public List<Entry> nodes() { return nodes; }

  /** Wall time of the traced step (tracing adds overhead). */
  public long wallMicros() { return wallMicros; }

  public long kernelMicros() {
    return entries.stream().mapToLong(Entry::micros).sum();
  }

  /** The top {@code n} op types, then the top {@code n} nodes, as tables. */
  public String table(int n) {
    StringBuilder sb = new StringBuilder();
    long total = Math.max(1, kernelMicros());
    append(sb, "op type", entries, n, total);
    append(sb, "node", nodes, n, total);
    sb.append(String.format("kernel time %.1f ms (summed over threads), step wall %.1f ms%n", total / 1000.0, wallMicros / 1000.0));
    return sb.toString();
  }

  private static void append(StringBuilder sb, String what, List<Entry> list, int n, long total) {
    int w = Math.max(36, list.subList(0, Math.min(n, list.size())).stream().mapToInt(e -> e.opType().length()).max().orElse(0));
    sb.append(String.format("%-" + w + "s %10s %6s %6s%n", what, "ms", "share", "count"));
    for (Entry e : list.subList(0, Math.min(n, list.size()))) {
      sb.append(String.format("%-" + w + "s %10.1f %5.1f%% %6d%n", e.opType(), e.micros() / 1000.0, 100.0 * e.micros() / total, e.count()));
    }
  }
}
