package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.serving.ServeBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer4j bench-serve MODEL}: req/s and latency of {@code serve} on loopback versus direct library calls. */
@Command(name = "bench-serve", mixinStandardHelpOptions = true,
    description = "Load-test 'serve' on loopback: CLIENTS concurrent :predict clients for SECONDS, then the same clients calling the library directly.")
final class BenchServeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "a SavedModel directory or model base path")
  Path model;

  @Option(names = "--clients", defaultValue = "16", description = "concurrent clients (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--seconds", defaultValue = "20", description = "measured HTTP seconds (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--direct-seconds", defaultValue = "10", description = "measured seconds of direct library calls (default: ${DEFAULT-VALUE})")
  double directSeconds;

  @Option(names = "--batch", defaultValue = "1", description = "examples per request (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--max-batch-size", defaultValue = "8", description = "server-side batching in the served model (default: ${DEFAULT-VALUE}, as serve; 0 = off)")
  int maxBatchSize;

  @Option(names = "--batch-timeout-micros", defaultValue = "1000", description = "batch wait when batching (default: ${DEFAULT-VALUE})")
  long batchTimeoutMicros;

  @Option(names = "--bomb-clients", defaultValue = "0", description = "hostile-load check: this many extra clients post a 16000x16000 PNG bomb to :predictImage while CLIENTS post :predict; reports statuses and RSS above idle")
  int bombClients;

  @Option(names = "--hot-swap-at", defaultValue = "0", description = "hostile-load check: a new version folder appears this many seconds into the run (0 = none)")
  double hotSwapAt;

  @Override
  public Integer call() throws Exception {
    if (bombClients < 0 || hotSwapAt < 0) throw new Fer4jException("--bomb-clients and --hot-swap-at must be >= 0");
    if (bombClients > 0 || hotSwapAt > 0) {
      var r = io.fer4j.serving.HostileLoadCheck.run(model, clients, bombClients, seconds, hotSwapAt, 1000, line -> {
        System.out.println(line);
        System.out.flush();
      });
      boolean ok = r.normalFailures() == 0 && r.bombsNot400() == 0 && (hotSwapAt <= 0 || r.swapLiveS() >= 0);
      System.out.println(ok ? "check passed" : "check FAILED");
      return ok ? 0 : 1;
    }
    if (clients < 1 || seconds <= 0 || directSeconds <= 0 || batch < 1) throw new Fer4jException("--clients, --seconds, --direct-seconds and --batch must be positive");
    ServeBenchmark.run(model, clients, seconds, directSeconds, batch, maxBatchSize, batchTimeoutMicros, line -> {
      System.out.println(line);
      System.out.flush();
    });
    return 0;
  }
}
