package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.Dataset;
import io.fer4j.layers.KerasTensor;
import io.fer4j.util.FloatTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** Keras' evaluate and predict for any {@link Model}: the graph's inference path, in batches. */
final class Inference {
  private final Model model;
  private final ModelGraph g;

  Inference(Model model, ModelGraph g) {
    this.model = model;
    this.g = g;
  }

  Model.Evaluation evaluate(Dataset data, int batchSize, boolean keepOutputs) {
    model.checkData(data, "evaluation data");
    if (g.labels == null) throw new Fer4jException("model '" + model.name() + "' has several outputs; evaluate scores single-output models");
    MetricStates metrics = new MetricStates(g.compilation.metrics());
    int n = data.size();
    float[][] probs = keepOutputs ? new float[n][] : null;
    int[] labels = new int[n];
    double lossSum = 0;
    double correct = 0;
    int[] order = Trainer.epochOrder(n, 0, 0, false);
    try (BatchPrefetcher batches = new BatchPrefetcher(data, order, batchSize, 1, 2, 0f, null, g.labelFormat)) {
      int at = 0;
      while (batches.hasNext()) {
        try (Batch b = batches.next()) {
          Session.Runner run = g.session.runner().feed(g.input, b.x()).feed(g.labels, b.y()).fetch(g.evalLoss).fetch(g.evalCorrect).fetch(g.probs);
          for (var op : g.evalMetrics) run.fetch(op);
          try (Result r = run.run()) {
            lossSum += ((TFloat32) r.get(0)).getFloat() * (double) b.size();
            correct += FloatTensors.floats((TFloat32) r.get(1))[0];
            metrics.add(r, 3);
            if (keepOutputs) {
              float[][] p = FloatTensors.rows((TFloat32) r.get(2));
              System.arraycopy(p, 0, probs, at, p.length);
            }
          }
          for (int i = 0; i < b.size(); i++) labels[at + i] = data.label(order[at + i]);
          at += b.size();
        }
      }
    }
    return new Model.Evaluation(lossSum / n, correct / n, metrics.results(""), probs, labels);
  }

  List<float[][]> predict(List<float[]> xs, int n) {
    List<KerasTensor> ins = model.inputs();
    if (xs.size() != ins.size()) throw new Fer4jException("predict: model '" + model.name() + "' has " + ins.size() + " inputs, got " + xs.size() + " arrays");
    List<Tensor> open = new ArrayList<>();
    try {
      Session.Runner r = g.session.runner();
      for (int i = 0; i < xs.size(); i++) {
        long[] s = ins.get(i).shape();
        long per = 1;
        for (long d : s) per *= d;
        if (xs.get(i).length != per * n) throw new Fer4jException("predict: expected " + n + " x " + Arrays.toString(s) + " = " + per * n + " values, got " + xs.get(i).length);
        long[] full = new long[s.length + 1];
        full[0] = n;
        System.arraycopy(s, 0, full, 1, s.length);
        TFloat32 t = FloatTensors.of(xs.get(i), full);
        open.add(t);
        r.feed(g.inputs.get(i), t);
      }
      for (var o : g.outputs) r.fetch(o);
      try (Result res = r.run()) {
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < g.outputs.size(); i++) out.add(FloatTensors.rows((TFloat32) res.get(i)));
        return out;
      }
    } finally {
      open.forEach(Tensor::close);
    }
  }

  float[][] predict(Dataset data, int batchSize) {
    if (model.inputs().size() != 1) throw new Fer4jException("model '" + model.name() + "' has several inputs; datasets feed single-input models");
    float[][] out = new float[data.size()][];
    int[] order = Trainer.epochOrder(data.size(), 0, 0, false);
    try (BatchPrefetcher batches = new BatchPrefetcher(data, order, batchSize, 1, 2, 0f, null, g.labelFormat)) {
      int at = 0;
      while (batches.hasNext()) {
        try (Batch b = batches.next(); Result r = g.session.runner().feed(g.input, b.x()).fetch(g.probs).run()) {
          float[][] p = FloatTensors.rows((TFloat32) r.get(0));
          System.arraycopy(p, 0, out, at, p.length);
          at += p.length;
        }
      }
    }
    return out;
  }
}
