package io.fer4j.cli;

import io.fer4j.FerModels;
import io.fer4j.Fer4jException;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.ImageData;
import io.fer4j.model.FitConfig;
import io.fer4j.model.Sequential;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Measures training throughput of the seed model: {@code fit} (prefetching pipeline, progress,
 * metrics) against a bare TF Java step loop on the same graph with fixed tensors, in one run,
 * alternating rounds so drift hits both alike.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks. 'bench train' prints img_per_s of fit on the seed model.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WHAT", description = "train")
  String what;

  @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--steps", defaultValue = "30", description = "steps per measured round (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--rounds", defaultValue = "2", description = "measured rounds of each kind (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--profile", description = "also trace one step and print kernel time per TF op type")
  boolean profile;

  @Override
  public Integer call() {
    if (!what.equals("train")) throw new Fer4jException("unknown benchmark '" + what + "' (available: train)");
    if (batchSize <= 0 || steps <= 0 || rounds <= 0) throw new Fer4jException("--batch-size, --steps and --rounds must be positive");
    int n = batchSize * steps;
    byte[] px = new byte[n * 48 * 48];
    new Random(7).nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = i % 7;
    ImageData data = new ImageData(px, 48, 48, 1, labels, FerModels.CLASSES, null);
    try (Sequential m = FerModels.seed();
         BatchPrefetcher one = new BatchPrefetcher(data, Sequential.epochOrder(n, 0, 0, false), batchSize, 1, 1);
         Batch fixed = one.make(0)) {
      m.setVerbose(false);
      for (int i = 0; i < 3; i++) m.trainOnBatch(fixed.x(), fixed.y(), fixed.weights()); // warm-up: kernels, allocator
      double bareSec = 0;
      double fitSec = 0;
      double wait = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) m.trainOnBatch(fixed.x(), fixed.y(), fixed.weights());
        bareSec += (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        m.fit(data, null, new FitConfig().epochs(1).batchSize(batchSize).verbose(0).seed(r));
        fitSec += (System.nanoTime() - t0) / 1e9;
        wait += m.lastDataWaitSeconds();
      }
      if (profile) {
        io.fer4j.model.StepProfile p = null;
        for (int i = 0; i < 3; i++) p = io.fer4j.model.StepProfile.trace(m, fixed.x(), fixed.y(), fixed.weights()); // keep the last: warm
        System.out.print(p.table(15));
      }
      double images = (double) n * rounds;
      double bare = images / bareSec;
      double fit = images / fitSec;
      System.out.printf("model=seed params=%d batch_size=%d steps=%d rounds=%d threads=%d%n", m.countParams(), batchSize, steps, rounds, Runtime.getRuntime().availableProcessors());
      System.out.printf("bare_step_img_per_s=%.1f%n", bare);
      System.out.printf("fit_vs_bare=%.3f%n", fit / bare);
      System.out.printf("fit_data_wait_s=%.4f%n", wait);
      System.out.printf("img_per_s=%.1f%n", fit);
    }
    return 0;
  }
}
