package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.callbacks.Callback;
import io.fer4j.callbacks.History;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.Dataset;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Adam;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras' Sequential model on TF Java: a stack of layers after an {@link InputLayer}, compiled with
 * Adam and categorical cross-entropy, trained with {@link #fit}, used with {@link #predict} and
 * {@link #evaluate}, exported as a SavedModel. Not thread-safe for training; {@link #predict} may
 * be called from several threads.
 */
public class Sequential implements AutoCloseable {
  private final String name;
  private InputLayer inputLayer;
  private final List<Layer> layers = new ArrayList<>();
  private Adam optimizer;
  private String loss;
  private List<String> metrics = List.of();
  private ModelGraph graph;
  private long seed = 42;
  private List<String> classNames;
  private volatile boolean stopTraining;
  private boolean verbose = true;
  private PrintStream out = System.out;
  private double lastDataWaitSeconds;
  private double lastStepSeconds;

  public Sequential(String name, Layer... layers) {
    this.name = name;
    for (Layer l : layers) add(l);
  }

  public Sequential(Layer... layers) { this("sequential", layers); }

  /** Appends a layer; the first must be an InputLayer (or call {@link #add} with one first). */
  public Sequential add(Layer layer) {
    if (layer instanceof InputLayer in) {
      if (inputLayer != null || !layers.isEmpty()) throw new Fer4jException("InputLayer must come first and only once");
      inputLayer = in;
      return this;
    }
    if (graph != null) throw new Fer4jException("cannot add layers after the model is built");
    if (layer.name() == null) {
      String stem = Layer.snakeCase(layer.className());
      int count = 0;
      for (Layer l : layers) if (l.name().equals(stem) || l.name().startsWith(stem + "_") && l.name().substring(stem.length() + 1).matches("\\d+")) count++;
      layer.setName(count == 0 ? stem : stem + "_" + count);
    }
    for (Layer l : layers) if (l.name().equals(layer.name())) throw new Fer4jException("duplicate layer name '" + layer.name() + "'");
    layers.add(layer);
    return this;
  }

  public String name() { return name; }

  /** Layers without the InputLayer, as Keras' {@code model.layers}. */
  public List<Layer> layers() { return Collections.unmodifiableList(layers); }

  public InputLayer inputLayer() { return inputLayer; }

  /** Sets the seed of weight initialisation and dropout masks (before the model is built). */
  public Sequential seed(long seed) {
    this.seed = seed;
    return this;
  }

  public void setVerbose(boolean v) { verbose = v; }
  public boolean verbose() { return verbose; }
  public void setOutput(PrintStream out) { this.out = out; }

  /** Class names of the outputs, in output order (recorded in exports), or null if unknown. */
  public List<String> classNames() { return classNames; }

  public Sequential setClassNames(List<String> names) {
    if (names != null && names.size() != outputShape()[outputShape().length - 1]) {
      throw new Fer4jException("model has " + outputShape()[outputShape().length - 1] + " outputs but " + names.size() + " class names were given");
    }
    this.classNames = names == null ? null : List.copyOf(names);
    return this;
  }

  /** Computes every layer's shapes and declares the weights (no TF graph yet). */
  public Sequential build() {
    if (inputLayer == null) throw new Fer4jException("the model needs an InputLayer first (e.g. new InputLayer(48, 48, 1))");
    if (layers.isEmpty()) throw new Fer4jException("the model has no layers");
    long[] shape = inputLayer.shape();
    for (Layer l : layers) {
      l.ensureBuilt(shape);
      shape = l.outputShape();
    }
    return this;
  }

  public long[] inputShape() { return inputLayer.shape(); }

  public long[] outputShape() {
    build();
    return layers.get(layers.size() - 1).outputShape();
  }

  public int numOutputs() {
    long[] s = outputShape();
    return (int) s[s.length - 1];
  }

  /** Every weight, in Keras' get_weights() order. */
  public List<Weight> weights() {
    build();
    List<Weight> all = new ArrayList<>();
    for (Layer l : layers) all.addAll(l.weights());
    return all;
  }

  public long countParams() {
    long n = 0;
    for (Weight w : weights()) n += w.size();
    return n;
  }

  public long countTrainableParams() {
    long n = 0;
    for (Weight w : weights()) if (w.trainable()) n += w.size();
    return n;
  }

  /** Keras' model.summary() table. */
  public String summary() {
    build();
    return Summary.of(this);
  }

  /**
   * Configures training. Supported: optimizer Adam, loss "categorical_crossentropy", metrics
   * "accuracy" (or "acc"). Recompiling keeps the current weights (so freeze layers, then compile).
   */
  public Sequential compile(Adam optimizer, String loss, String... metrics) {
    if (!"categorical_crossentropy".equals(loss)) throw new Fer4jException("unsupported loss '" + loss + "' (supported: categorical_crossentropy)");
    for (String m : metrics) {
      if (!m.equals("accuracy") && !m.equals("acc")) throw new Fer4jException("unsupported metric '" + m + "' (supported: accuracy)");
    }
    build();
    List<float[]> keep = graph == null ? null : getWeights();
    if (graph != null) {
      graph.close();
      graph = null;
    }
    this.optimizer = optimizer;
    this.loss = loss;
    this.metrics = List.of(metrics);
    ensureGraph();
    if (keep != null) setWeights(keep);
    return this;
  }

  public Adam optimizer() { return optimizer; }
  public boolean isCompiled() { return optimizer != null; }

  ModelGraph graph() { return ensureGraph(); }

  private ModelGraph ensureGraph() {
    if (graph == null) {
      build();
      graph = new ModelGraph(layers, inputShape(), inputLayer.name(), numOutputs(), optimizer, seed, false);
      initializeVariables(graph);
    }
    return graph;
  }

  private void initializeVariables(ModelGraph g) {
    Random r = new Random(seed);
    Map<Variable<TFloat32>, float[]> init = new LinkedHashMap<>();
    for (Map.Entry<Weight, Variable<TFloat32>> e : g.vars.entrySet()) {
      Weight w = e.getKey();
      init.put(e.getValue(), w.initializer().values(w.shape(), r));
    }
    if (g.iterations != null) {
      for (Variable<TFloat32> s : g.slots) init.put(s, new float[(int) s.shape().size()]);
      init.put(g.learningRate, new float[] {optimizer.learningRate()});
    }
    g.assignFloats(init);
    if (g.iterations != null) g.assignIterations(0);
  }

  /** Weight values in Keras get_weights() order. */
  public List<float[]> getWeights() {
    ModelGraph g = ensureGraph();
    return g.readFloats(new ArrayList<>(g.vars.values()));
  }

  /** Sets weight values in Keras get_weights() order; shapes must match. */
  public void setWeights(List<float[]> values) {
    ModelGraph g = ensureGraph();
    List<Weight> ws = new ArrayList<>(g.vars.keySet());
    if (values.size() != ws.size()) throw new Fer4jException("expected " + ws.size() + " weight arrays, got " + values.size());
    Map<Variable<TFloat32>, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < ws.size(); i++) {
      Weight w = ws.get(i);
      if (values.get(i).length != w.size()) {
        throw new Fer4jException("weight " + w.path() + " needs " + w.size() + " values " + java.util.Arrays.toString(w.shape()) + ", got " + values.get(i).length);
      }
      m.put(g.vars.get(w), values.get(i));
    }
    g.assignFloats(m);
  }

  /** Current learning rate (held in a variable, so it can change between epochs). */
  public float learningRate() {
    requireCompiled();
    return ensureGraph().readFloats(List.of(graph.learningRate)).get(0)[0];
  }

  public void setLearningRate(double lr) {
    requireCompiled();
    ensureGraph().assignFloats(Map.of(graph.learningRate, new float[] {(float) lr}));
  }

  /** Optimizer steps taken so far (Keras optimizer.iterations). */
  public long iterations() {
    requireCompiled();
    return ensureGraph().readIterations();
  }

  /** Adam state in Keras order: for each trainable weight, m then v. */
  public List<float[]> optimizerSlots() {
    requireCompiled();
    return ensureGraph().readFloats(graph.slots);
  }

  /** Weights the optimizer updates, in the order of {@link #optimizerSlots()} pairs. */
  public List<Weight> trainableWeights() {
    return List.copyOf(ensureGraph().trainable);
  }

  /** Restores Adam state (iterations and m, v per trainable weight, Keras order). */
  public void setOptimizerState(long iterations, List<float[]> slots) {
    requireCompiled();
    ModelGraph g = ensureGraph();
    if (slots.size() != g.slots.size()) throw new Fer4jException("optimizer state has " + slots.size() + " slot arrays, the model needs " + g.slots.size());
    Map<Variable<TFloat32>, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).length != g.slots.get(i).shape().size()) throw new Fer4jException("optimizer slot " + i + " has the wrong size");
      m.put(g.slots.get(i), slots.get(i));
    }
    g.assignFloats(m);
    g.assignIterations(iterations);
  }

  private void requireCompiled() {
    if (optimizer == null) throw new Fer4jException("the model is not compiled: call compile(new Adam(...), \"categorical_crossentropy\", \"accuracy\")");
  }

  /** Asks fit to stop after the current epoch (EarlyStopping uses it). */
  public void stopTraining() { stopTraining = true; }

  /**
   * Trains on {@code train}, validating on {@code validation} (may be null) at each epoch end.
   * Batches are built on background threads; the per-epoch order is a shuffle seeded by (seed,
   * epoch), so a resumed run sees the same order.
   */
  public History fit(Dataset train, Dataset validation, FitConfig cfg) {
    requireCompiled();
    checkData(train, "training data");
    if (validation != null) checkData(validation, "validation data");
    if (cfg.batchSize <= 0) throw new Fer4jException("batch size must be positive, got " + cfg.batchSize);
    if (train.size() == 0) throw new Fer4jException("training data is empty");
    if (classNames == null) classNames = List.copyOf(train.classes());
    ModelGraph g = ensureGraph();
    History history = new History();
    List<Callback> callbacks = new ArrayList<>(cfg.callbacks);
    callbacks.add(0, history);
    List<String> names = new ArrayList<>(List.of("accuracy", "loss"));
    if (validation != null && validation.size() > 0) names.addAll(List.of("val_accuracy", "val_loss"));
    names.add("learning_rate");
    for (Callback c : callbacks) c.onTrainBegin(this, names);
    stopTraining = false;
    verbose = cfg.verbose > 0;
    lastDataWaitSeconds = 0;
    lastStepSeconds = 0;
    for (int epoch = cfg.initialEpoch; epoch < cfg.epochs && !stopTraining; epoch++) {
      for (Callback c : callbacks) c.onEpochBegin(this, epoch);
      if (cfg.verbose > 0) out.printf("Epoch %d/%d%n", epoch + 1, cfg.epochs);
      int[] order = epochOrder(train.size(), cfg.seed, epoch, cfg.shuffle);
      if (train instanceof io.fer4j.data.EpochAware ea) ea.setEpoch(epoch);
      double lossSum = 0;
      double correct = 0;
      int seen = 0;
      Progress progress = new Progress(out, (train.size() + cfg.batchSize - 1) / cfg.batchSize);
      try (BatchPrefetcher batches = new BatchPrefetcher(train, order, cfg.batchSize, cfg.workers, 4, cfg.labelSmoothing, cfg.classWeights)) {
        int step = 0;
        while (batches.hasNext()) {
          try (Batch b = batches.next()) {
            long t0 = System.nanoTime();
            float[] lc = trainOnBatch(b.x(), b.y(), b.weights());
            lastStepSeconds += (System.nanoTime() - t0) / 1e9;
            lossSum += lc[0] * b.size();
            correct += lc[1] * b.size();
            seen += b.size();
          }
          step++;
          if (cfg.verbose == 1) progress.update(step, lossSum / seen, correct / seen);
        }
        lastDataWaitSeconds += batches.waitSeconds();
      }
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("accuracy", correct / seen);
      logs.put("loss", lossSum / seen);
      if (validation != null && validation.size() > 0) {
        Evaluation ev = evaluate(validation, Math.max(cfg.batchSize, 256), false);
        logs.put("val_accuracy", ev.accuracy());
        logs.put("val_loss", ev.loss());
      }
      logs.put("learning_rate", (double) learningRate());
      if (cfg.verbose > 0) progress.finish(logs);
      for (Callback c : callbacks) c.onEpochEnd(this, epoch, logs);
    }
    for (Callback c : callbacks) c.onTrainEnd(this);
    return history;
  }

  /**
   * Keras train_on_batch: one optimizer step on inputs (B, H, W, C) and one-hot labels (B,
   * classes); returns {loss, accuracy} of the batch (training mode, before the update).
   */
  public float[] trainOnBatch(TFloat32 x, TFloat32 y) {
    float[] ones = new float[(int) x.shape().get(0)];
    java.util.Arrays.fill(ones, 1f);
    try (TFloat32 w = TFloat32.tensorOf(Shape.of(ones.length), DataBuffers.of(ones, true, false))) {
      return trainOnBatch(x, y, w);
    }
  }

  /** train_on_batch with per-sample loss weights (B). */
  public float[] trainOnBatch(TFloat32 x, TFloat32 y, TFloat32 sampleWeights) {
    requireCompiled();
    ModelGraph g = ensureGraph();
    try (Result r = g.session.runner().feed(g.input, x).feed(g.labels, y).feed(g.sampleWeights, sampleWeights)
        .addTarget(g.trainStep).fetch(g.trainLoss).fetch(g.trainCorrect).run()) {
      long n = x.shape().get(0);
      return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat() / n};
    }
  }

  /** Seconds the last fit's training steps waited for input batches (0 means never). */
  public double lastDataWaitSeconds() { return lastDataWaitSeconds; }

  /** Seconds the last fit spent in training steps. */
  public double lastStepSeconds() { return lastStepSeconds; }

  /** The sample order of an epoch: a shuffle that depends only on (seed, epoch). */
  public static int[] epochOrder(int n, long seed, int epoch, boolean shuffle) {
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

  private void checkData(Dataset d, String what) {
    build();
    if (!java.util.Arrays.equals(d.sampleShape(), inputShape())) {
      throw new Fer4jException(what + " has samples of shape " + java.util.Arrays.toString(d.sampleShape()) + " but the model takes " + java.util.Arrays.toString(inputShape()));
    }
    if (d.classes().size() != numOutputs()) {
      throw new Fer4jException(what + " has " + d.classes().size() + " classes " + d.classes() + " but the model has " + numOutputs() + " outputs");
    }
  }

  /** Loss, accuracy and per-sample probabilities of an evaluation. */
  public record Evaluation(double loss, double accuracy, float[][] probabilities, int[] labels) {}

  /** Keras evaluate: inference mode (BN moving statistics, no dropout). */
  public Evaluation evaluate(Dataset data, int batchSize) { return evaluate(data, batchSize, true); }

  private Evaluation evaluate(Dataset data, int batchSize, boolean keepProbs) {
    checkData(data, "evaluation data");
    ModelGraph g = ensureGraph();
    int n = data.size();
    float[][] probs = keepProbs ? new float[n][] : null;
    int[] labels = new int[n];
    double lossSum = 0;
    double correct = 0;
    int[] order = epochOrder(n, 0, 0, false);
    try (BatchPrefetcher batches = new BatchPrefetcher(data, order, batchSize, 1, 2)) {
      int at = 0;
      while (batches.hasNext()) {
        try (Batch b = batches.next()) {
          try (Result r = g.session.runner().feed(g.input, b.x()).feed(g.labels, b.y())
              .fetch(g.evalLossSum).fetch(g.evalCorrect).fetch(g.probs).run()) {
            lossSum += ((TFloat32) r.get(0)).getFloat();
            correct += ((TFloat32) r.get(1)).getFloat();
            if (keepProbs) {
              float[][] p = toRows((TFloat32) r.get(2));
              System.arraycopy(p, 0, probs, at, p.length);
            }
          }
          for (int i = 0; i < b.size(); i++) labels[at + i] = data.label(order[at + i]);
          at += b.size();
        }
      }
    }
    return new Evaluation(lossSum / n, correct / n, probs, labels);
  }

  /** Probabilities for a batch of inputs laid out (n, H, W, C) row-major. Thread-safe. */
  public float[][] predict(float[] inputs, int n) {
    build();
    long[] s = inputShape();
    long per = 1;
    for (long d : s) per *= d;
    if (inputs.length != per * n) throw new Fer4jException("predict: expected " + n + " x " + java.util.Arrays.toString(s) + " = " + per * n + " values, got " + inputs.length);
    long[] full = new long[s.length + 1];
    full[0] = n;
    System.arraycopy(s, 0, full, 1, s.length);
    ModelGraph g = ensureGraph();
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(full), DataBuffers.of(inputs, true, false));
         Result r = g.session.runner().feed(g.input, x).fetch(g.probs).run()) {
      return toRows((TFloat32) r.get(0));
    }
  }

  /** Probabilities for every sample of a dataset, in order. */
  public float[][] predict(Dataset data, int batchSize) {
    return evaluateProbabilities(data, batchSize);
  }

  private float[][] evaluateProbabilities(Dataset data, int batchSize) {
    build();
    ModelGraph g = ensureGraph();
    float[][] out = new float[data.size()][];
    int[] order = epochOrder(data.size(), 0, 0, false);
    try (BatchPrefetcher batches = new BatchPrefetcher(data, order, batchSize, 1, 2)) {
      int at = 0;
      while (batches.hasNext()) {
        try (Batch b = batches.next(); Result r = g.session.runner().feed(g.input, b.x()).fetch(g.probs).run()) {
          float[][] p = toRows((TFloat32) r.get(0));
          System.arraycopy(p, 0, out, at, p.length);
          at += p.length;
        }
      }
    }
    return out;
  }

  static float[][] toRows(TFloat32 t) {
    int n = (int) t.shape().get(0);
    int k = (int) (t.shape().size() / Math.max(1, n));
    float[] flat = new float[n * k];
    t.copyTo(DataBuffers.of(flat, false, false));
    float[][] rows = new float[n][k];
    for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, rows[i], 0, k);
    return rows;
  }

  /**
   * Writes a TF Serving SavedModel (tag serve, signature serving_default, method
   * tensorflow/serving/predict, output "output_0") holding only the inference graph.
   */
  public void exportSavedModel(Path dir) {
    SavedModelExport.export(this, dir);
  }

  /** Saves to a path: a directory becomes a SavedModel; other formats by extension. */
  public void save(Path path) {
    String f = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (f.endsWith(".keras")) {
      io.fer4j.keras.KerasSaver.save(this, path);
    } else if (f.endsWith(".h5")) {
      throw new Fer4jException(path + ": writing .h5 is not supported; save as .keras or a SavedModel directory");
    } else {
      exportSavedModel(path);
    }
  }

  @Override
  public void close() {
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }

  /** Keras-like one-line description. */
  @Override
  public String toString() {
    return "Sequential(" + name + ", " + layers.size() + " layers)";
  }
}
