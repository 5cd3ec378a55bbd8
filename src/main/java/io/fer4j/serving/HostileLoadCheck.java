package io.fer4j.serving;

import io.fer4j.Fer4jException;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.VersionDirs;
import io.fer4j.util.AtomicDirectory;
import io.fer4j.util.PngBomb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The measured check of issue 13 for {@code serve}: normal clients post one-example
 * {@code :predict} requests while attackers post a 16000x16000 PNG bomb to {@code :predictImage}
 * and, optionally, a new version folder appears mid-run. It reports status counts per kind of
 * client, the process RSS above its idle size (sampled every 100 ms), and when the new version
 * went live. Server and clients share one JVM on loopback, so the RSS is an upper bound.
 */
public final class HostileLoadCheck {
  /** What one run saw. */
  public record Result(Map<Integer, Long> normal, Map<Integer, Long> bombs, long normalOther, long idleRssKib, long peakRssKib,
      double swapAppearedS, double swapLiveS, long normalRequests) {
    public long normalFailures() { return normalOther + normal.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(Map.Entry::getValue).sum(); }

    public long bombsNot400() { return bombs.entrySet().stream().filter(e -> e.getKey() != 400).mapToLong(Map.Entry::getValue).sum(); }

    public double rssAboveIdleMib() { return (peakRssKib - idleRssKib) / 1024.0; }
  }

  private HostileLoadCheck() {}

  /**
   * @param swapAtSeconds when > 0, version 2 (the same model) appears this long into the run
   */
  public static Result run(Path model, int clients, int bombClients, double seconds, double swapAtSeconds, long pollMillis, Consumer<String> out) throws Exception {
    Path dir = VersionDirs.resolve(model);
    Path base = Files.createTempDirectory("fer4j-hostile");
    ExecutorService pool = Executors.newFixedThreadPool(clients + bombClients + 1);
    try {
      Files.createSymbolicLink(base.resolve("1"), dir.toAbsolutePath());
      int cores = Runtime.getRuntime().availableProcessors();
      try (ModelManager manager = new ModelManager(List.of(ModelConfig.latest("fer", base)), pollMillis, m -> out.accept("serve: " + m));
           ModelServer server = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 16L << 20, cores, 4 * (clients + bombClients))).start();
           LoadedSavedModel direct = SavedModels.load(dir)) {
        String body = ServeBenchmark.requestBody(ServeBenchmark.randomInputs(direct.signature("serving_default"), 1));
        String predict = "http://127.0.0.1:" + server.port() + "/v1/models/fer:predict";
        String image = "http://127.0.0.1:" + server.port() + "/v1/models/fer:predictImage";
        String status = "http://127.0.0.1:" + server.port() + "/v1/models/fer";
        byte[] bomb = PngBomb.gray(16000, 16000);
        out.accept(String.format("model %s, %d :predict clients, %d :predictImage clients posting a %d KiB PNG declaring 16000x16000, %.0f s, %d CPUs",
            dir, clients, bombClients, bomb.length / 1024, seconds, cores));
        for (int i = 0; i < 20; i++) send(predict, body.getBytes()); // warm the model and the JIT once
        System.gc();
        long idle = rssKib();
        Map<Integer, Long> normal = new ConcurrentHashMap<>();
        Map<Integer, Long> bombs = new ConcurrentHashMap<>();
        AtomicLong other = new AtomicLong();
        AtomicLong peak = new AtomicLong(idle);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Future<?> sampler = pool.submit(() -> {
          while (System.nanoTime() < end) {
            peak.accumulateAndGet(rssKib(), Math::max);
            sleep(100);
          }
        });
        List<Future<?>> all = new java.util.ArrayList<>();
        for (int t = 0; t < clients + bombClients; t++) {
          boolean attacker = t >= clients;
          all.add(pool.submit(() -> {
            while (System.nanoTime() < end) {
              try {
                int code = attacker ? send(image, bomb) : send(predict, body.getBytes());
                (attacker ? bombs : normal).merge(code, 1L, Long::sum);
              } catch (Exception e) {
                if (!attacker) other.incrementAndGet();
                else bombs.merge(-1, 1L, Long::sum);
              }
            }
          }));
        }
        double appeared = -1;
        double live = -1;
        if (swapAtSeconds > 0) {
          sleep((long) (swapAtSeconds * 1000));
          Path tmp = base.resolve(".2.tmp");
          Files.createSymbolicLink(tmp, dir.toAbsolutePath());
          Files.move(tmp, base.resolve("2"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          appeared = (System.nanoTime() - start) / 1e9;
          while (System.nanoTime() < end && live < 0) {
            if (new String(get(status)).contains("\"2\"")) live = (System.nanoTime() - start) / 1e9;
            else sleep(20);
          }
        }
        for (Future<?> f : all) f.get();
        sampler.get();
        long requests = normal.values().stream().mapToLong(Long::longValue).sum() + other.get();
        Result r = new Result(new java.util.TreeMap<>(normal), new java.util.TreeMap<>(bombs), other.get(), idle, peak.get(), appeared, live, requests);
        out.accept(String.format(":predict  %d requests (%.1f/s), statuses %s, failed %d", requests, requests / seconds, r.normal(), r.normalFailures()));
        out.accept(String.format(":predictImage bomb  %d requests, statuses %s (-1 = connection error)", r.bombs().values().stream().mapToLong(Long::longValue).sum(), r.bombs()));
        out.accept(String.format("RSS idle %.0f MiB, peak %.0f MiB: %.0f MiB above idle", idle / 1024.0, peak.get() / 1024.0, r.rssAboveIdleMib()));
        if (swapAtSeconds > 0) out.accept(String.format("version 2 appeared at %.2f s, served from %.2f s (%.0f ms later; poll %d ms)", appeared, live, (live - appeared) * 1000, pollMillis));
        return r;
      }
    } finally {
      pool.shutdownNow();
      AtomicDirectory.deleteQuietly(base);
    }
  }

  private static final ThreadLocal<HttpClient> CLIENT = ThreadLocal.withInitial(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

  private static int send(String url, byte[] body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return CLIENT.get().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] get(String url) throws Exception {
    return CLIENT.get().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Fer4jException("interrupted");
    }
  }

  static long rssKib() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
