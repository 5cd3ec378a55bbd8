package io.fer4j.cli;

import io.fer4j.FerModels;
import io.fer4j.Fer4jException;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.ImageData;
import io.fer4j.model.FitConfig;
import io.fer4j.model.Model;
import io.fer4j.saving.ModelFiles;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Measures training throughput of the seed model, or of any model file ({@code --model}, e.g. a
 * keras.applications ResNet50 saved by {@code scripts/bench-keras --save}): {@code fit}
 * (prefetching pipeline, progress, metrics) against a bare TF Java step loop on the same graph
 * with fixed tensors, in one run, alternating rounds so drift hits both alike.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks. 'bench train' prints img_per_s of fit on the seed model or --model FILE.")
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

  @Option(names = "--model", description = "benchmark this model file (.keras, .h5, fer4j SavedModel; one image input, one output) instead of the seed CNN, compiled with Adam(1e-4)")
  java.nio.file.Path model;

  @Override
  public Integer call() {
    if (!what.equals("train")) throw new Fer4jException("unknown benchmark '" + what + "' (available: train)");
    if (batchSize <= 0 || steps <= 0 || rounds <= 0) throw new Fer4jException("--batch-size, --steps and --rounds must be positive");
    int n = batchSize * steps;
    Model m = model == null ? FerModels.seed() : ModelFiles.load(model);
    if (model != null) m.compile(new io.fer4j.optimizers.Adam(1e-4), "categorical_crossentropy", "accuracy");
    long[] in = m.inputShape();
    if (in.length != 3) {
      m.close();
      throw new Fer4jException(model + ": bench train needs an image input (H, W, C), the model takes " + java.util.Arrays.toString(in));
    }
    int per = (int) (in[0] * in[1] * in[2]);
    int classes = m.numOutputs();
    byte[] px = new byte[n * per];
    new Random(7).nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = i % classes;
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < classes; i++) names.add(classes == 7 ? FerModels.CLASSES.get(i) : "class" + i);
    ImageData data = new ImageData(px, (int) in[0], (int) in[1], (int) in[2], labels, names, null);
    try (m;
         BatchPrefetcher one = new BatchPrefetcher(data, Model.epochOrder(n, 0, 0, false), batchSize, 1, 1);
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
      System.out.printf("model=%s input=%s params=%d batch_size=%d steps=%d rounds=%d threads=%d%n", model == null ? "seed" : model.getFileName(), java.util.Arrays.toString(in), m.countParams(), batchSize, steps, rounds, Runtime.getRuntime().availableProcessors());
      System.out.printf("bare_step_img_per_s=%.1f%n", bare);
      System.out.printf("fit_vs_bare=%.3f%n", fit / bare);
      System.out.printf("fit_data_wait_s=%.4f%n", wait);
      System.out.printf("img_per_s=%.1f%n", fit);
    }
    return 0;
  }
}
