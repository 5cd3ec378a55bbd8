package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.serving.ModelConfig;
import io.fer4j.serving.ModelConfigFile;
import io.fer4j.serving.ModelManager;
import io.fer4j.serving.ModelServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fer4j serve}: TF Serving's REST API (same flags' meaning) from the JVM, so a client
 * written for tensorflow/serving works unchanged. Runs until interrupted (Ctrl-C / SIGTERM).
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

  @Option(names = "--max-batch-size", defaultValue = "0", description = "server-side batching: join concurrent :predict requests up to this many rows (0 = off, the default)")
  int maxBatchSize;

  @Option(names = "--batch-timeout-micros", defaultValue = "1000", description = "longest wait for a batch to fill (default: ${DEFAULT-VALUE})")
  long batchTimeoutMicros;

  @Override
  public Integer call() throws InterruptedException {
    List<ModelConfig> configs = configs();
    if (port < 0 || port > 65535) throw new Fer4jException("--port must be 0..65535");
    if (maxBodyMb < 1 || queue < 0 || (workers != null && workers < 1) || pollSeconds < 0) throw new Fer4jException("--max-body-mb, --workers must be >= 1; --queue, --poll-seconds >= 0");
    PrintStream err = System.err;
    ModelServer.Options d = ModelServer.Options.defaults();
    if (maxBatchSize < 0 || batchTimeoutMicros < 0) throw new Fer4jException("--max-batch-size and --batch-timeout-micros must be >= 0");
    ModelServer.Options opts = new ModelServer.Options(host, port, (long) maxBodyMb << 20, workers == null ? d.workers() : workers, queue, maxBatchSize, batchTimeoutMicros);
    ModelManager manager = new ModelManager(configs, Math.round(pollSeconds * 1000), m -> err.println("fer4j serve: " + m));
    ModelServer server;
    try {
      server = new ModelServer(manager, opts).start();
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      manager.close();
      stopped.countDown();
    }, "fer4j-serve-shutdown"));
    for (ModelConfig c : configs) System.out.println("fer4j serve: http://" + host + ":" + server.port() + "/v1/models/" + c.name() + " (" + c.basePath() + ")");
    System.out.flush();
    stopped.await();
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
