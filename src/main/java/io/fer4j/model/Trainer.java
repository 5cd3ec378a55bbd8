package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.Dataset;
import io.fer4j.data.EpochAware;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/**
 * Keras' fit loop for any {@link Model}: per-epoch shuffled batches built ahead on background
 * threads, one graph step per batch, validation at each epoch end, callbacks around it all.
 */
final class Trainer {
  private final Model model;
  private final ModelGraph g;

  Trainer(Model model, ModelGraph g) {
    this.model = model;
    this.g = g;
  }

  History fit(Dataset train, Dataset validation, FitConfig cfg) {
    model.requireCompiled();
    model.checkData(train, "training data");
    if (validation != null) model.checkData(validation, "validation data");
    if (cfg.batchSize <= 0) throw new Fer4jException("batch size must be positive, got " + cfg.batchSize);
    if (train.size() == 0) throw new Fer4jException("training data is empty");
    if (model.classNames() == null) model.setClassNames(List.copyOf(train.classes()));
    History history = new History();
    List<Callback> callbacks = new ArrayList<>(cfg.callbacks);
    callbacks.add(0, history);
    Compilation comp = model.compilation();
    comp.checkLabelSmoothing(cfg.labelSmoothing);
    List<String> names = new ArrayList<>(new MetricStates(comp.metrics()).results("").keySet());
    names.add("loss");
    boolean validate = validation != null && validation.size() > 0;
    if (validate) {
      names.addAll(new MetricStates(comp.metrics()).results("val_").keySet());
      names.add("val_loss");
    }
    names.add("learning_rate");
    model.setVerbose(cfg.verbose > 0);
    model.fitEpochs = cfg.epochs;
    model.emaWeightsInModel = false;
    for (Callback c : callbacks) c.onTrainBegin(model, names);
    model.stopTraining = false;
    model.lastDataWaitSeconds = 0;
    model.lastStepSeconds = 0;
    for (int epoch = cfg.initialEpoch; epoch < cfg.epochs && !model.stopTraining; epoch++) {
      for (Callback c : callbacks) c.onEpochBegin(model, epoch);
      if (cfg.verbose > 0) model.out().printf("Epoch %d/%d%n", epoch + 1, cfg.epochs);
      int[] order = epochOrder(train.size(), cfg.seed, epoch, cfg.shuffle);
      if (train instanceof EpochAware ea) ea.setEpoch(epoch);
      // resuming mid-epoch: the same order, minus the batches a backup says were done, with the
      // running loss and metric states it saved
      int step = epoch == cfg.initialEpoch ? cfg.initialBatch : 0;
      int seen = (int) Math.min(order.length, (long) step * cfg.batchSize);
      double lossSum = step > 0 ? cfg.initialLoss * seen : 0;
      if (seen > 0) order = Arrays.copyOfRange(order, seen, order.length);
      MetricStates metrics = new MetricStates(comp.metrics(), step > 0 ? cfg.initialMetricState : null);
      Progress progress = new Progress(model.out(), (train.size() + cfg.batchSize - 1) / cfg.batchSize);
      try (BatchPrefetcher batches = new BatchPrefetcher(train, order, cfg.batchSize, cfg.workers, 4, cfg.labelSmoothing, cfg.classWeights, comp.labelFormat())) {
        while (batches.hasNext()) {
          try (Batch b = batches.next()) {
            long t0 = System.nanoTime();
            lossSum += step(b.x(), b.y(), b.weights(), metrics) * b.size();
            model.lastStepSeconds += (System.nanoTime() - t0) / 1e9;
            seen += b.size();
          }
          model.runningMetricState = metrics.snapshot();
          Map<String, Double> batchLogs = withLoss(metrics.results(""), "loss", lossSum / seen);
          for (Callback c : callbacks) c.onTrainBatchEnd(model, step, batchLogs);
          step++;
          if (cfg.verbose == 1) progress.update(step, withLoss(metrics.results(""), "loss", lossSum / seen));
        }
        model.lastDataWaitSeconds += batches.waitSeconds();
      }
      Map<String, Double> logs = withLoss(metrics.results(""), "loss", lossSum / seen);
      if (validate) {
        for (Callback c : callbacks) c.onTestBegin(model);
        Model.Evaluation ev = model.evaluateQuietly(validation, Math.max(cfg.batchSize, 256));
        for (Callback c : callbacks) c.onTestEnd(model);
        ev.metrics().forEach((k, v) -> logs.put("val_" + k, v));
        logs.put("val_loss", ev.loss());
      }
      logs.put("learning_rate", (double) model.learningRate());
      if (cfg.verbose > 0) progress.finish(logs);
      for (Callback c : callbacks) c.onEpochEnd(model, epoch, logs);
    }
    // Keras' finalize_variable_values: with use_ema the weights end as their moving averages
    if (cfg.epochs > 0 && EmaWeights.used(g)) EmaWeights.weightsFromAverages(g);
    for (Callback c : callbacks) c.onTrainEnd(model);
    return history;
  }

  private static Map<String, Double> withLoss(Map<String, Double> metrics, String key, double loss) {
    Map<String, Double> logs = new LinkedHashMap<>(metrics);
    logs.put(key, loss);
    return logs;
  }

  /** One optimizer step; returns {loss, each compiled metric on this batch alone} (training mode, before the update). */
  float[] trainOnBatch(TFloat32 x, TFloat32 y, TFloat32 sampleWeights) {
    model.requireCompiled();
    MetricStates m = new MetricStates(model.compilation().metrics());
    float loss = step(x, y, sampleWeights, m);
    List<Float> out = new ArrayList<>(List.of(loss));
    m.results("").values().forEach(v -> out.add(v.floatValue()));
    float[] r = new float[out.size()];
    for (int i = 0; i < r.length; i++) r[i] = out.get(i);
    return r;
  }

  /** One optimizer step: returns the batch loss and adds the batch's metric state to {@code metrics}. */
  private float step(TFloat32 x, TFloat32 y, TFloat32 sampleWeights, MetricStates metrics) {
    if (g.trainStep == null) throw new Fer4jException("model '" + model.name() + "' cannot train: fer4j trains single-input, single-output models");
    TFloat32 w = sampleWeights;
    if (w == null) {
      float[] ones = new float[(int) x.shape().get(0)];
      Arrays.fill(ones, 1f);
      w = io.fer4j.util.FloatTensors.of(ones, ones.length);
    }
    var runner = g.session.runner().feed(g.input, x).feed(g.labels, y).feed(g.sampleWeights, w).addTarget(g.trainStep).fetch(g.trainLoss);
    for (var op : g.trainMetrics) runner.fetch(op);
    try (Result r = runner.run()) {
      SharedWeights.wrote(g, g.vars.keySet()); // the step moved the weights (and BN statistics) other models may share
      metrics.add(r, 1);
      return ((TFloat32) r.get(0)).getFloat();
    } finally {
      if (sampleWeights == null) w.close();
    }
  }

  /** The sample order of an epoch: a shuffle that depends only on (seed, epoch). */
  static int[] epochOrder(int n, long seed, int epoch, boolean shuffle) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    if (shuffle) {
      Random r = new Random(seed * 1_000_003L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }
}
