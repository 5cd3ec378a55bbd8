package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.serving.ModelConfig;
import io.fer4j.serving.ModelConfigFile;
import io.fer4j.serving.ModelManager;
import io.fer4j.serving.ModelServer;
import io.fer4j.serving.ServingLimits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fer4j serve}: TF Serving's REST API (same flags' meaning) from the JVM, so a client
 * written for tensorflow/serving works unchanged. Runs until SIGTERM or Ctrl-C, then stops
 * gracefully (readiness 503, new requests refused, in-flight ones finished) and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve SavedModels with TF Serving's REST API: GET /v1/models/NAME[/metadata], POST /v1/models/NAME:predict, plus :predictImage (JPEG/PNG bytes).")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model-base-path", paramLabel = "BASE", description = "directory of numeric version folders (the highest is served; new ones are picked up while running)")
  Path base;

  @Option(names = "--model-name", paramLabel = "NAME", description = "name in the URL /v1/models/NAME (default: ${DEFAULT-VALUE})", defaultValue = "default")
  String name;

  @Option(names = "--model-config-file", paramLabel = "FILE", description = "TF Serving text proto: model_config_list { config { name: '...' base_path: '...' } ... }")
  Path configFile;

  @Option(names = "--port", defaultValue = "8501", description = "REST port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind; 0.0.0.0 exposes the server to the network (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--poll-seconds", defaultValue = "1", description = "how often to look for new versions (default: ${DEFAULT-VALUE})")
  double pollSeconds;

  @Option(names = "--max-body-mb", defaultValue = "16", description = "largest request body; bigger ones get 413 (default: ${DEFAULT-VALUE})")
  int maxBodyMb;

  @Option(names = "--workers", description = "requests running a model at once (default: CPU cores)")
  Integer workers;

  @Option(names = "--queue", defaultValue = "64", description = "requests waiting for a worker; beyond it 503 (default: ${DEFAULT-VALUE})")
  int queue;

  @Option(names = "--max-batch-size", defaultValue = "8", description = "server-side batching: join concurrent :predict requests up to this many rows (default: ${DEFAULT-VALUE}, measured: 16 clients on fer/1 get 0.87-0.89 of direct calls, 0.65-0.67 with 0 = off)")
  int maxBatchSize;

  @Option(names = "--batch-timeout-micros", defaultValue = "1000", description = "longest wait for a batch to fill (default: ${DEFAULT-VALUE})")
  long batchTimeoutMicros;

  @Option(names = "--request-timeout-ms", defaultValue = "30000", description = "per-request deadline; a request not answered by then gets 504 (0 = none; default: ${DEFAULT-VALUE})")
  long requestTimeoutMs;

  @Option(names = "--idle-timeout-ms", defaultValue = "30000", description = "close connections silent this long: slow or stalled clients (default: ${DEFAULT-VALUE})")
  long idleTimeoutMs;

  @Option(names = "--max-connections", defaultValue = "1024", description = "open connections accepted at once (default: ${DEFAULT-VALUE})")
  int maxConnections;

  @Option(names = "--max-instances", defaultValue = "1024", description = "examples per :predict request; more get 400 (default: ${DEFAULT-VALUE})")
  int maxInstances;

  @Option(names = "--shutdown-grace-seconds", defaultValue = "30", description = "on SIGTERM/Ctrl-C: how long in-flight requests may finish while new ones are refused (default: ${DEFAULT-VALUE})")
  double graceSeconds;

  @Override
  public Integer call() throws InterruptedException {
    List<ModelConfig> configs = configs();
    if (port < 0 || port > 65535) throw new Fer4jException("--port must be 0..65535");
    if (maxBodyMb < 1 || queue < 0 || (workers != null && workers < 1) || pollSeconds < 0) throw new Fer4jException("--max-body-mb, --workers must be >= 1; --queue, --poll-seconds >= 0");
    PrintStream err = System.err;
    ModelServer.Options d = ModelServer.Options.defaults();
    if (maxBatchSize < 0 || batchTimeoutMicros < 0) throw new Fer4jException("--max-batch-size and --batch-timeout-micros must be >= 0");
    ServingLimits limits;
    try {
      limits = ServingLimits.defaults().withRequestTimeoutMs(requestTimeoutMs).withIdleTimeoutMs(idleTimeoutMs)
          .withMaxConnections(maxConnections).withMaxInstances(maxInstances);
    } catch (IllegalArgumentException e) {
      throw new Fer4jException(e.getMessage());
    }
    if (graceSeconds < 0) throw new Fer4jException("--shutdown-grace-seconds must be >= 0");
    ModelServer.Options opts = new ModelServer.Options(host, port, (long) maxBodyMb << 20, workers == null ? d.workers() : workers, queue, maxBatchSize, batchTimeoutMicros, limits);
    ModelManager manager = new ModelManager(configs, Math.round(pollSeconds * 1000), m -> err.println("fer4j serve: " + m));
    ModelServer server;
    try {
      server = new ModelServer(manager, opts).start();
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<String> signal = new java.util.concurrent.atomic.AtomicReference<>();
    Signals.onTermination(name -> {
      signal.set(name);
      stop.countDown();
    });
    for (ModelConfig c : configs) System.out.println("fer4j serve: http://" + host + ":" + server.port() + "/v1/models/" + c.name() + " (" + c.basePath() + ")");
    System.out.flush();
    stop.await();
    err.println("fer4j serve: " + signal.get() + ": refusing new requests, finishing " + server.inFlight() + " in flight (grace " + graceSeconds + " s)");
    boolean clean = server.drainAndStop(Math.round(graceSeconds * 1000));
    manager.close();
    err.println("fer4j serve: stopped" + (clean ? "" : " (grace period over with requests still running)"));
    return 0;
  }

  private List<ModelConfig> configs() {
    if (configFile != null) {
      if (base != null) throw new Fer4jException("give either --model-config-file or --model-base-path, not both");
      return ModelConfigFile.read(configFile);
    }
    if (base == null) throw new Fer4jException("missing --model-base-path (or --model-config-file)");
    return List.of(ModelConfig.latest(name, base.toAbsolutePath().normalize()));
  }
}
