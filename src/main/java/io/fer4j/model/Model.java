package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.data.Dataset;
import io.fer4j.layers.CallContext;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Optimizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code Model} on TF Java: a graph of layer calls from input to output symbolic tensors
 * (the Functional API: {@code Input.of(...)}, {@code layer.apply(x)}), compiled with an optimizer, a
 * loss and metrics (see {@link Compilation}), trained with {@link #fit}, used with {@link #predict} and
 * {@link #evaluate}, saved with {@link #save}. {@link Sequential} is the chain special case. A
 * model is also a layer: applied inside another model it shares its weights. Not thread-safe
 * for training; {@link #predict} may be called from several threads.
 */
public class Model extends Layer implements TrainingContext, AutoCloseable {
  private List<KerasTensor> inputs;
  private List<KerasTensor> outputs;
  private Topology topology;
  private Compilation compilation;
  private ModelGraph graph;
  private long seed = 42;
  private List<String> classNames;
  private double[] inputScaling = {1.0 / 255.0, 0.0};
  volatile boolean stopTraining;
  boolean emaWeightsInModel; // SwapEMAWeights has put the moving averages in the weights
  int fitEpochs; // Keras' callback params["epochs"] of the running fit
  private boolean verbose = true;
  private PrintStream out = System.out;
  double lastDataWaitSeconds;
  double lastStepSeconds;
  volatile double[][] runningMetricState = new double[0][];

  public Model(KerasTensor input, KerasTensor output) { this("functional", List.of(input), List.of(output)); }

  public Model(String name, KerasTensor input, KerasTensor output) { this(name, List.of(input), List.of(output)); }

  public Model(String name, List<KerasTensor> inputs, List<KerasTensor> outputs) {
    super(name);
    setGraph(inputs, outputs);
  }

  /** For subclasses that define their graph later ({@link Sequential}). */
  protected Model(String name) {
    super(name);
  }

  /** Fixes the graph: orders it as Keras does and names unnamed layers ({@code conv2d_1}, ...). */
  protected final void setGraph(List<KerasTensor> ins, List<KerasTensor> outs) {
    if (ins.isEmpty() || outs.isEmpty()) throw new Fer4jException("a model needs at least one input and one output");
    Topology t = Topology.of(ins, outs);
    Topology.nameUnnamed(t.layers);
    this.inputs = List.copyOf(ins);
    this.outputs = List.copyOf(outs);
    this.topology = t;
    List<long[]> shapes = new ArrayList<>();
    for (KerasTensor k : ins) shapes.add(k.shape());
    ensureBuilt(shapes);
  }

  /** Whether the graph is defined yet (a Sequential defines it when built). */
  protected final boolean hasGraph() { return topology != null; }

  Topology topology() {
    build();
    return topology;
  }

  /** Builds the graph if the subclass defines it lazily; a no-op for Functional models. */
  public Model build() { return this; }

  @Override public String className() { return "Functional"; }

  public List<KerasTensor> inputs() { build(); return inputs; }
  public List<KerasTensor> outputs() { build(); return outputs; }

  /** Keras {@code model.layers}: every layer in graph order (a Functional model lists its InputLayers). */
  public List<Layer> layers() { return topology().layers; }

  /** The layer with this name (Keras {@code get_layer}). */
  public Layer getLayer(String layerName) {
    for (Layer l : layers()) if (l.name().equals(layerName)) return l;
    throw new Fer4jException("model '" + name() + "' has no layer named '" + layerName + "'");
  }

  public List<InputLayer> inputLayers() {
    List<InputLayer> out = new ArrayList<>();
    for (KerasTensor t : inputs()) out.add((InputLayer) t.layer());
    return out;
  }

  /** The first InputLayer (the only one of a single-input model). */
  public InputLayer inputLayer() { return inputLayers().get(0); }

  /** Per-sample shape of the (single) input. */
  public long[] inputShape() {
    if (inputs().size() != 1) throw new Fer4jException("model '" + name() + "' has " + inputs.size() + " inputs; use inputs()");
    return inputs.get(0).shape();
  }

  /** Per-sample shape of the (first) output. */
  public long[] outputShape() { return outputs().get(0).shape(); }

  public int numOutputs() {
    long[] s = outputShape();
    return (int) s[s.length - 1];
  }

  /** Sets the seed of weight initialisation and dropout masks (before the graph is built). */
  public Model seed(long s) {
    this.seed = s;
    return this;
  }

  public void setVerbose(boolean v) { verbose = v; }
  @Override public boolean verbose() { return verbose; }
  public void setOutput(PrintStream o) { this.out = o; }
  @Override public PrintStream out() { return out; }

  /** Class names of the outputs, in output order (recorded in exports), or null if unknown. */
  public List<String> classNames() { return classNames; }

  public Model setClassNames(List<String> names) {
    if (names != null && names.size() != numOutputs()) {
      throw new Fer4jException("model has " + numOutputs() + " outputs but " + names.size() + " class names were given");
    }
    this.classNames = names == null ? null : List.copyOf(names);
    return this;
  }

  /** The input the model expects from an 8-bit image: pixel * scale + offset (default 1/255, 0). */
  public double[] inputScaling() { return inputScaling.clone(); }

  public Model setInputScaling(double scale, double offset) {
    this.inputScaling = new double[] {scale, offset};
    return this;
  }

  /** Every weight once, in Keras {@code get_weights()} order (sub-model weights in place). */
  @Override
  public List<Weight> weights() {
    build();
    Set<Weight> all = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Weight> ordered = new ArrayList<>();
    for (Layer l : layers()) for (Weight w : l.weights()) if (all.add(w)) ordered.add(w);
    return ordered;
  }

  /** Each weight's variable path, as Keras' {@code variable.path}: {@code conv2d/kernel}, {@code base/conv2d/kernel}. */
  public Map<Weight, String> variablePaths() {
    build();
    Map<Weight, String> paths = new LinkedHashMap<>();
    for (Layer l : layers()) {
      if (l instanceof Model sub) {
        for (Map.Entry<Weight, String> e : sub.variablePaths().entrySet()) paths.putIfAbsent(e.getKey(), sub.name() + "/" + e.getValue());
      } else {
        for (Weight w : l.weights()) paths.putIfAbsent(w, l.name() + "/" + w.name());
      }
    }
    return paths;
  }

  /** Keras {@code layer.trainable = ...} on a model: applies to every layer inside it. */
  @Override
  public Layer setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    for (Layer l : layers()) l.setTrainable(trainable);
    return this;
  }

  public long countTrainableParams() {
    long n = 0;
    for (Weight w : weights()) if (w.trainable()) n += w.size();
    return n;
  }

  /** Keras' model.summary() table (with the "Connected to" column for Functional models). */
  public String summary() { return Summary.of(this); }

  // ---- as a layer inside another model ----

  @Override
  public long[] computeOutputShape(long[] in) { return computeOutputShape(List.of(in)); }

  @Override
  public long[] computeOutputShape(List<long[]> in) {
    // isBuilt: this is a call of the model as a layer, not the model building itself
    return Forward.outputShapeAsLayer(this, in, isBuilt());
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) { return call(ctx, List.of(x)); }

  @Override
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    return Forward.run(this, ctx, xs, false).outputs().get(0);
  }

  // ---- compile and state ----

  /**
   * Configures training with Keras strings: a loss ({@link io.fer4j.losses.Losses#SUPPORTED}) and metrics
   * ("accuracy" resolved from the labels as Keras does). Recompiling keeps the current weights (so freeze layers, then compile).
   */
  public Model compile(Optimizer opt, String loss, String... metrics) { return compile(opt, io.fer4j.losses.Losses.get(loss), (Object[]) metrics); }

  /** compile with a Keras optimizer identifier ({@code "sgd"}, {@code "adamw"}, ...) and Keras' defaults for it. */
  public Model compile(String optimizerName, String loss, String... metrics) {
    return compile(io.fer4j.optimizers.Optimizers.get(optimizerName, null), loss, metrics);
  }

  /** compile with a loss object and metrics given as {@link io.fer4j.metrics.Metric}s or Keras strings. */
  public Model compile(Optimizer opt, io.fer4j.losses.Loss loss, Object... metrics) {
    Compilation c = Compilation.of(this, opt, loss, metrics);
    List<float[]> keep = graph == null ? null : getWeights();
    closeGraph();
    this.compilation = c;
    ensureGraph();
    if (keep != null) setWeights(keep);
    return this;
  }

  public Optimizer optimizer() { return compilation == null ? null : compilation.optimizer(); }
  public boolean isCompiled() { return compilation != null; }

  /** The compiled loss, metrics and label format, or null before compile. */
  public Compilation compilation() { return compilation; }

  ModelGraph graph() { return ensureGraph(); }

  private ModelGraph ensureGraph() {
    if (graph == null) {
      build();
      graph = new ModelGraph(this, compilation != null ? compilation : Compilation.uncompiled(this), seed, false);
      VariableInit.initialize(graph, seed, optimizer());
    } else {
      SharedWeights.sync(graph); // another model holding some of these weights may have changed them
    }
    return graph;
  }

  @Override
  public List<float[]> getWeights() { return GraphState.weights(ensureGraph()); }

  @Override
  public void setWeights(List<float[]> values) { GraphState.setWeights(ensureGraph(), variablePaths(), values); }

  /** Sets every weight from a map (file readers match weights by layer, not by position). */
  public void setWeights(Map<Weight, float[]> values) { setWeights(GraphState.ordered(weights(), variablePaths(), values)); }

  /** Current learning rate (held in a variable, so it can change between epochs). */
  @Override
  public float learningRate() {
    requireCompiled();
    return GraphState.learningRate(ensureGraph());
  }

  @Override
  public void setLearningRate(double lr) {
    requireCompiled();
    GraphState.setLearningRate(ensureGraph(), lr);
  }

  @Override
  public long iterations() {
    requireCompiled();
    return ensureGraph().readIterations();
  }

  /** Shapes of {@link #optimizerSlots}, in the same order. */
  public List<long[]> optimizerSlotShapes() {
    requireCompiled();
    return GraphState.slotShapes(ensureGraph());
  }

  /** Optimizer variables after iterations and learning_rate, in Keras' save order (Adam: m, v per trainable weight). */
  @Override
  public List<float[]> optimizerSlots() {
    requireCompiled();
    return GraphState.slots(ensureGraph());
  }

  /** Keras {@code model.trainable_weights}; once compiled, the weights the optimizer updates, in slot order (recompile after freezing). */
  @Override
  public List<Weight> trainableWeights() {
    if (!isCompiled()) return super.trainableWeights();
    return List.copyOf(ensureGraph().trainable);
  }

  @Override
  public void setOptimizerState(long iterations, List<float[]> slots) {
    requireCompiled();
    GraphState.setOptimizerState(ensureGraph(), iterations, slots);
  }

  void requireCompiled() {
    if (compilation == null) throw new Fer4jException("the model is not compiled: call compile(new Adam(...), \"categorical_crossentropy\", \"accuracy\")");
  }

  @Override
  public void stopTraining() { stopTraining = true; }

  @Override
  public double[][] runningMetricState() { return runningMetricState; }

  @Override public int epochs() { return fitEpochs; }
  @Override public boolean usesEma() { return isCompiled() && EmaWeights.used(ensureGraph()); }
  @Override public boolean emaWeightsInModel() { return emaWeightsInModel; }

  @Override
  public void swapEmaWeights() {
    EmaWeights.swap(ensureGraph());
    emaWeightsInModel = !emaWeightsInModel;
  }

  @Override
  public void copyWeightsToEmaAverages() { EmaWeights.averagesFromWeights(ensureGraph()); }

  // ---- training and inference (see Trainer and Inference) ----

  /**
   * Trains on {@code train}, validating on {@code validation} (may be null) at each epoch end.
   * Batches are built on background threads; the per-epoch order is a shuffle seeded by (seed,
   * epoch), so a resumed run sees the same order.
   */
  public History fit(Dataset train, Dataset validation, FitConfig cfg) { return new Trainer(this, ensureGraph()).fit(train, validation, cfg); }

  /** Keras train_on_batch: one step on (B, ...) inputs and the loss's labels; returns {loss, each metric on this batch}. */
  public float[] trainOnBatch(TFloat32 x, TFloat32 y) { return new Trainer(this, ensureGraph()).trainOnBatch(x, y, null); }

  /** train_on_batch with per-sample loss weights (B). */
  public float[] trainOnBatch(TFloat32 x, TFloat32 y, TFloat32 sampleWeights) { return new Trainer(this, ensureGraph()).trainOnBatch(x, y, sampleWeights); }

  /** Seconds the last fit's training steps waited for input batches (0 means never). */
  public double lastDataWaitSeconds() { return lastDataWaitSeconds; }

  /** Seconds the last fit spent in training steps. */
  public double lastStepSeconds() { return lastStepSeconds; }

  /** Loss, classification accuracy, the compiled metrics (Keras names) and per-sample outputs of an evaluation. */
  public record Evaluation(double loss, double accuracy, Map<String, Double> metrics, float[][] probabilities, int[] labels) {
    public Evaluation(double loss, double accuracy, float[][] probabilities, int[] labels) { this(loss, accuracy, Map.of(), probabilities, labels); }
  }

  /** Keras evaluate: inference mode (BN moving statistics, no dropout). */
  public Evaluation evaluate(Dataset data, int batchSize) { return new Inference(this, ensureGraph()).evaluate(data, batchSize, true); }

  Evaluation evaluateQuietly(Dataset data, int batchSize) { return new Inference(this, ensureGraph()).evaluate(data, batchSize, false); }

  /** Outputs for a batch of inputs laid out (n, ...inputShape) row-major. Thread-safe. */
  public float[][] predict(float[] x, int n) { return new Inference(this, ensureGraph()).predict(List.of(x), n).get(0); }

  /** Outputs of a multi-input, multi-output model: one array per input, one row set per output. */
  public List<float[][]> predict(List<float[]> xs, int n) { return new Inference(this, ensureGraph()).predict(xs, n); }

  /** Outputs for every sample of a dataset, in order. */
  public float[][] predict(Dataset data, int batchSize) { return new Inference(this, ensureGraph()).predict(data, batchSize); }

  /** The sample order of an epoch: a shuffle that depends only on (seed, epoch). */
  public static int[] epochOrder(int n, long seed, int epoch, boolean shuffle) { return Trainer.epochOrder(n, seed, epoch, shuffle); }

  /** Refuses data whose samples or classes do not fit this model (and its loss's labels). */
  void checkData(Dataset d, String what) {
    Compilation c = compilation != null ? compilation : Compilation.uncompiled(this);
    if (c == null) throw new Fer4jException("model '" + name() + "' has " + outputs().size() + " outputs of shape " + Arrays.toString(outputShape()) + "; datasets score single (units) outputs");
    c.checkData(this, d, what);
  }

  // ---- saving ----

  /**
   * Writes a TF Serving SavedModel (tag serve, signature serving_default, method
   * tensorflow/serving/predict, output "output_0") holding only the inference graph.
   */
  public void exportSavedModel(Path dir) { SavedModelExport.export(this, dir); }

  /**
   * Saves to a path in the format its content calls for: {@code .keras} (Keras 3 archive), a
   * directory (SavedModel); see {@code io.fer4j.saving.ModelFiles}.
   */
  @Override
  public void save(Path path) {
    ServiceLoader<ModelSaver> savers = ServiceLoader.load(ModelSaver.class, Model.class.getClassLoader());
    for (ModelSaver s : savers) {
      s.save(this, path);
      return;
    }
    exportSavedModel(path);
  }

  private void closeGraph() {
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }

  @Override
  public void close() { closeGraph(); }

  @Override
  public String toString() {
    return className() + "(" + name() + ", " + layers().size() + " layers)";
  }
}
