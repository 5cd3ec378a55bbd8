package io.fer4j.serving;

import io.fer4j.Fer4jException;
import io.fer4j.savedmodel.DType;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.SignatureInfo;
import io.fer4j.savedmodel.TensorSpec;
import io.fer4j.savedmodel.TensorValue;
import io.fer4j.savedmodel.VersionDirs;
import io.fer4j.util.AtomicDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Load test of {@code serve} on loopback: N concurrent HTTP clients post one-example
 * {@code :predict} requests for a fixed time against an in-process server, then the same
 * clients call the library directly, so the HTTP+JSON overhead is the difference of the two.
 */
public final class ServeBenchmark {
  /** One measured phase. */
  public record Phase(String name, long requests, long failures, double seconds, double p50Ms, double p99Ms) {
    public double perSecond() { return requests / seconds; }

    @Override
    public String toString() {
      return String.format("%-6s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  requests %d  failures %d  (%.1f s)", name, perSecond(), p50Ms, p99Ms, requests, failures, seconds);
    }
  }

  private ServeBenchmark() {}

  /** Runs the benchmark and reports each result line to {@code out}. */
  public static void run(Path model, int clients, double seconds, double directSeconds, int batch, int maxBatchSize, long batchTimeoutMicros, Consumer<String> out) throws Exception {
    Path dir = VersionDirs.resolve(model);
    Path base = Files.createTempDirectory("fer4j-bench");
    try {
      Files.createSymbolicLink(base.resolve("1"), dir.toAbsolutePath());
      Runtime rt = Runtime.getRuntime();
      try (ModelManager manager = new ModelManager(List.of(ModelConfig.latest("bench", base)), 0, m -> {});
           ModelServer server = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 64L << 20, rt.availableProcessors(), 4 * clients, maxBatchSize, batchTimeoutMicros)).start();
           LoadedSavedModel direct = SavedModels.load(dir)) {
        SignatureInfo sig = direct.signature("serving_default");
        Map<String, TensorValue> inputs = randomInputs(sig, batch);
        String body = requestBody(inputs);
        String url = "http://127.0.0.1:" + server.port() + "/v1/models/bench:predict";
        out.accept("model " + dir + ", " + clients + " clients, batch " + batch + ", request body " + body.length() / 1024 + " KiB, "
            + rt.availableProcessors() + " CPUs, server and clients in one JVM on loopback"
            + (maxBatchSize > 0 ? ", server-side batching max " + maxBatchSize + " rows / " + batchTimeoutMicros + " us" : ""));
        phase("warmup", clients, Math.min(3, seconds), () -> httpCall(url, body));
        long heap0 = usedHeap(); // after warmup: Jetty threads, JIT and heap sizing have settled
        long rss0 = rssKib();
        long committed0 = rt.totalMemory();
        Phase http = phase("http", clients, seconds, () -> httpCall(url, body));
        long heap1 = usedHeap();
        long rss1 = rssKib();
        long committed1 = rt.totalMemory();
        out.accept(http.toString());
        out.accept(String.format("after warmup / after the run: heap used after GC %.1f / %.1f MiB, heap committed %.1f / %.1f MiB, process RSS %.1f / %.1f MiB",
            heap0 / 1048576.0, heap1 / 1048576.0, committed0 / 1048576.0, committed1 / 1048576.0, rss0 / 1024.0, rss1 / 1024.0));
        Phase lib = phase("direct", clients, directSeconds, () -> { direct.predict("serving_default", inputs); return true; });
        out.accept(lib.toString());
      }
    } finally {
      AtomicDirectory.deleteQuietly(base);
    }
  }

  private interface Call {
    boolean call() throws Exception;
  }

  private static final ThreadLocal<HttpClient> CLIENT = ThreadLocal.withInitial(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

  private static boolean httpCall(String url, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<byte[]> resp = CLIENT.get().send(r, HttpResponse.BodyHandlers.ofByteArray());
    return resp.statusCode() == 200;
  }

  private static Phase phase(String name, int clients, double seconds, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Future<long[]>> futures = new ArrayList<>();
    long[] failures = new long[clients];
    for (int t = 0; t < clients; t++) {
      int id = t;
      futures.add(pool.submit(() -> {
        long[] lat = new long[1024];
        int n = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          boolean ok;
          try {
            ok = call.call();
          } catch (Exception e) {
            ok = false;
          }
          long dt = System.nanoTime() - t0;
          if (!ok) failures[id]++;
          if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
          lat[n++] = dt;
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) all.add(f.get());
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    if (lat.length == 0) throw new Fer4jException("benchmark phase " + name + " completed no request");
    return new Phase(name, lat.length, Arrays.stream(failures).sum(), elapsed, lat[lat.length / 2] / 1e6, lat[(int) Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)] / 1e6);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Resident set size (Linux), which would show native tensors leaking; -1 elsewhere. */
  private static long rssKib() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static Map<String, TensorValue> randomInputs(SignatureInfo sig, int batch) {
    Random r = new Random(1);
    Map<String, TensorValue> in = new LinkedHashMap<>();
    for (TensorSpec s : sig.inputs().values()) {
      long[] shape = s.shape();
      if (shape == null) throw new Fer4jException("input " + s.key() + " has unknown rank; cannot make benchmark data");
      for (int i = 0; i < shape.length; i++) if (shape[i] < 0) shape[i] = i == 0 ? batch : 1;
      int n = (int) TensorValue.numElements(shape);
      if (s.dtype() == DType.FLOAT32) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = r.nextFloat();
        in.put(s.key(), TensorValue.ofFloats(f, shape));
      } else if (s.dtype() != null) {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) l[i] = r.nextInt(2);
        in.put(s.key(), TensorValue.ofInts(s.dtype(), l, shape));
      } else {
        throw new Fer4jException("input " + s.key() + " has dtype " + s.dtypeName() + "; cannot make benchmark data");
      }
    }
    return in;
  }

  static String requestBody(Map<String, TensorValue> inputs) throws java.io.IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    try (var g = ModelServer.JSON.getFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeFieldName("inputs");
      g.writeStartObject();
      for (Map.Entry<String, TensorValue> e : inputs.entrySet()) {
        g.writeFieldName(e.getKey());
        JsonTensors.write(g, e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return w.toString();
  }
}
