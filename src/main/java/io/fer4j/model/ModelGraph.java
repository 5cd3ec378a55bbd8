package io.fer4j.model;

import io.fer4j.Devices;
import io.fer4j.layers.CallContext;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Optimizer;
import io.fer4j.optimizers.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The one TF graph and session of a {@link Model}, whatever its topology: VariableV2 weights
 * named by their Keras paths (what TF Java's saver exports), an inference path (BN moving
 * statistics, no dropout) and, when compiled, a training path with the compiled loss (from logits
 * when the output ends in softmax/sigmoid) and the metrics' batch state,
 * gradients from {@code Graph.addGradients} on the trainable variables only (of the compiled
 * loss plus activity and weight penalties, as Keras sums them), the optimizer's update (see
 * {@link Optimizer}), weight constraints and the BN moving-average updates, all run as one step op. Training, inference and SavedModel
 * export all use this builder; {@code exportOnly} leaves out everything but inference.
 */
final class ModelGraph implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Session session;
  final List<Placeholder<TFloat32>> inputs = new ArrayList<>();
  final List<Operand<TFloat32>> outputs = new ArrayList<>();
  final Placeholder<TFloat32> input; // the first input
  final Operand<TFloat32> probs; // the first output
  final Placeholder<TFloat32> labels;
  final Compilation compilation; // what the labels, loss and metrics were built for (null: no labels)
  final io.fer4j.losses.LabelFormat labelFormat;
  Placeholder<TFloat32> sampleWeights;
  final Map<Weight, Variable<TFloat32>> vars = new LinkedHashMap<>();
  final Operand<TFloat32> evalLoss; // Keras' per-batch evaluate loss: the compiled loss + model.losses
  final Operand<TFloat32> evalCorrect;
  final List<Operand<TFloat32>> evalMetrics = new ArrayList<>(); // state increments of each compiled metric
  // training (null unless compiled with an optimizer)
  Op trainStep;
  Operand<TFloat32> trainLoss;
  final List<Operand<TFloat32>> trainMetrics = new ArrayList<>();
  Variable<TInt64> iterations;
  Variable<TFloat32> learningRate;
  final List<Variable<TFloat32>> slots = new ArrayList<>(); // every optimizer variable after iterations and learning_rate, in Keras order
  final List<Float> slotInitial = new ArrayList<>();
  final List<Weight> trainable = new ArrayList<>();
  final Map<Weight, Long> weightVersions = new LinkedHashMap<>(); // the SharedWeights version each weight's value here has
  final List<Variable<TFloat32>> emaAverages = new ArrayList<>(); // with use_ema: the average slot of each trainable weight, in order
  private final Map<String, Assigner<?>> assigners = new LinkedHashMap<>();
  private final Map<String, Ops> scopes = new java.util.HashMap<>();

  /** A placeholder feeding an assign op, to set a variable's value from Java. */
  record Assigner<T extends TType>(Placeholder<T> value, Op assign) {}

  /**
   * @param compiled the loss, metrics and optimizer (null optimizer: no training path)
   * @param exportOnly build the inference path alone (what a SavedModel export should hold)
   */
  ModelGraph(Model model, Compilation compiled, long seed, boolean exportOnly) {
    for (InputLayer in : model.inputLayers()) {
      long[] s = in.shape();
      long[] batchShape = new long[s.length + 1];
      batchShape[0] = -1;
      System.arraycopy(s, 0, batchShape, 1, s.length);
      inputs.add(tf.withName(in.name()).placeholder(TFloat32.class, Placeholder.shape(Shape.of(batchShape))));
    }
    input = inputs.get(0);
    Regularization.validate(model);
    Map<Weight, String> paths = model.variablePaths();
    for (Weight w : model.weights()) {
      Variable<TFloat32> v = scoped(paths.get(w)).variable(Shape.of(w.shape()), TFloat32.class);
      vars.put(w, v);
      if (w.trainable()) trainable.add(w);
    }
    List<Operand<TFloat32>> in = new ArrayList<>(inputs);
    Ops inf = tf.withSubScope("inference");
    Forward.Result out = Forward.run(model, new CallContext(inf, vars, false, seed), in, true);
    for (int i = 0; i < out.outputs().size(); i++) {
      outputs.add(tf.withName(i == 0 ? "probabilities" : "output_" + i).identity(out.outputs().get(i)));
    }
    probs = outputs.get(0);
    this.compilation = exportOnly || outputs.size() != 1 ? null : compiled;
    this.labelFormat = compilation == null ? io.fer4j.losses.LabelFormat.ONE_HOT : compilation.labelFormat();
    if (compilation == null) {
      labels = null;
      evalLoss = null;
      evalCorrect = null;
    } else {
      labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(labelShape(compiled.labelFormat(), model.numOutputs())));
      io.fer4j.losses.Prediction pred = out.prediction();
      Operand<TFloat32> ones = inf.fill(inf.slice(inf.shape(pred.output()), inf.constant(new int[] {0}), inf.constant(new int[] {1})), inf.constant(1f));
      List<Operand<TFloat32>> extra = new ArrayList<>(out.losses());
      extra.addAll(Regularization.weightPenalties(inf, trainable, vars));
      evalLoss = Regularization.total(inf, compiled.loss().call(inf, labels, pred, ones), extra);
      evalCorrect = compiled.classificationAccuracy().update(inf, labels, pred.output(), ones);
      for (io.fer4j.metrics.Metric m : compiled.metrics()) evalMetrics.add(m.update(inf, labels, pred.output(), ones));
    }
    if (compiled != null && compiled.optimizer() != null && !exportOnly && labels != null) buildTraining(model, compiled, seed);
    for (Variable<TFloat32> v : vars.values()) addAssigner(v, TFloat32.class);
    if (iterations != null) {
      addAssigner(iterations, TInt64.class);
      addAssigner(learningRate, TFloat32.class);
      for (Variable<TFloat32> s : slots) addAssigner(s, TFloat32.class);
    }
    session = new Session(graph, Devices.sessionConfig());
  }

  /** Ops naming its next op with a Keras path such as {@code base/conv2d/kernel} (scopes, then the name). */
  private Ops scoped(String path) {
    int cut = path.lastIndexOf('/');
    if (cut < 0) return tf.withName(path);
    return scope(path.substring(0, cut)).withName(path.substring(cut + 1));
  }

  /** TF uniquifies a sub-scope opened twice (conv2d_1), so each scope is opened once and kept. */
  private Ops scope(String prefix) {
    Ops s = scopes.get(prefix);
    if (s == null) {
      int cut = prefix.lastIndexOf('/');
      s = (cut < 0 ? tf : scope(prefix.substring(0, cut))).withSubScope(cut < 0 ? prefix : prefix.substring(cut + 1));
      scopes.put(prefix, s);
    }
    return s;
  }

  private static Shape labelShape(io.fer4j.losses.LabelFormat f, int units) {
    return switch (f) {
      case ONE_HOT -> Shape.of(-1, units);
      case SPARSE -> Shape.of(-1);
      case BINARY -> Shape.of(-1, 1);
    };
  }

  private void buildTraining(Model model, Compilation compilation, long seed) {
    Optimizer optimizer = compilation.optimizer();
    Ops tr = tf.withSubScope("training");
    CallContext ctx = new CallContext(tr, vars, true, seed);
    Forward.Result out = Forward.run(model, ctx, new ArrayList<>(inputs), true);
    io.fer4j.losses.Prediction pred = out.prediction();
    // the loss reduced with the sample weights (Keras' sum_over_batch_size by default)
    sampleWeights = tf.withName("sample_weight").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> compiled = compilation.loss().call(tr, labels, pred, sampleWeights);
    List<Operand<TFloat32>> extra = new ArrayList<>(out.losses());
    extra.addAll(Regularization.weightPenalties(tr, trainable, vars));
    trainLoss = tr.withName("loss").identity(Regularization.total(tr, compiled, extra));
    // Keras' compiled metrics (not weighted_metrics) ignore the sample weights
    Operand<TFloat32> ones = tr.onesLike(sampleWeights);
    for (io.fer4j.metrics.Metric m : compilation.metrics()) trainMetrics.add(m.update(tr, labels, pred.output(), ones));

    Ops opt = tf.withSubScope("optimizer");
    iterations = opt.withName("iterations").variable(Shape.scalar(), TInt64.class);
    learningRate = opt.withName("learning_rate").variable(Shape.scalar(), TFloat32.class);
    List<Op> steps = new ArrayList<>(ctx.updates());
    if (!trainable.isEmpty()) {
      Output<?>[] xs = new Output<?>[trainable.size()];
      for (int i = 0; i < xs.length; i++) xs[i] = vars.get(trainable.get(i)).asOutput();
      Output<?>[] grads = graph.addGradients(trainLoss.asOutput(), xs);
      List<Op> gradOps = new ArrayList<>();
      for (Output<?> g : grads) gradOps.add(g);
      // every update waits for all gradients, so no backward op reads a half-updated weight
      Ops after = opt.withControlDependencies(gradOps);
      List<Variable<TFloat32>> targets = new ArrayList<>();
      List<Operand<TFloat32>> gradients = new ArrayList<>();
      List<Map<String, Variable<TFloat32>>> slotMaps = new ArrayList<>();
      Map<Weight, String> paths = model.variablePaths();
      for (int i = 0; i < xs.length; i++) {
        targets.add(vars.get(trainable.get(i)));
        @SuppressWarnings("unchecked")
        Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
        gradients.add(g);
        slotMaps.add(new LinkedHashMap<>());
      }
      for (List<String> group : optimizer.allSlotGroups()) { // Keras' creation (= save) order
        for (int i = 0; i < xs.length; i++) {
          Weight w = trainable.get(i);
          for (String slot : group) {
            Variable<TFloat32> v = opt.withName(paths.get(w).replace('/', '_') + "_" + slot).variable(Shape.of(w.shape()), TFloat32.class);
            slotMaps.get(i).put(slot, v);
            if (slot.equals(Optimizer.AVERAGE)) emaAverages.add(v);
            slots.add(v);
            slotInitial.add(0f);
          }
        }
      }
      Map<String, Variable<TFloat32>> scalars = new LinkedHashMap<>();
      for (Optimizer.ScalarVariable sv : optimizer.scalarVariables()) {
        Variable<TFloat32> v = opt.withName(sv.name()).variable(Shape.scalar(), TFloat32.class);
        scalars.put(sv.name(), v);
        slots.add(v);
        slotInitial.add(sv.initial());
      }
      StepContext sc = new StepContext(after, learningRate, iterations, scalars);
      List<Op> applies = optimizer.applyGradients(sc, targets, gradients, slotMaps);
      applies = Regularization.constrain(opt.withControlDependencies(applies), trainable, vars, applies);
      steps.add(opt.withControlDependencies(applies).assignAdd(iterations, opt.constant(1L)));
    } else {
      steps.add(opt.assignAdd(iterations, opt.constant(1L)));
    }
    trainStep = tf.withName("train_step").withControlDependencies(steps).noOp();
  }

  private <T extends TType> void addAssigner(Variable<T> v, Class<T> type) {
    Ops a = tf.withSubScope("assign");
    Placeholder<T> p = a.placeholder(type, Placeholder.shape(v.shape()));
    assigners.put(v.op().name(), new Assigner<>(p, a.assign(v, p)));
  }

  /** Sets float variables from Java arrays in one session run. */
  void assignFloats(Map<? extends Operand<TFloat32>, float[]> values) {
    List<Tensor> open = new ArrayList<>();
    try {
      Session.Runner r = session.runner();
      for (Map.Entry<? extends Operand<TFloat32>, float[]> e : values.entrySet()) {
        Assigner<?> as = assigners.get(e.getKey().op().name());
        TFloat32 t = TFloat32.tensorOf(e.getKey().shape(), DataBuffers.of(e.getValue(), true, false));
        open.add(t);
        r.feed(as.value(), t).addTarget(as.assign());
      }
      if (!open.isEmpty()) r.run().close();
    } finally {
      open.forEach(Tensor::close);
    }
  }

  void assignIterations(long value) {
    Assigner<?> as = assigners.get(iterations.op().name());
    try (TInt64 t = TInt64.scalarOf(value)) {
      session.runner().feed(as.value(), t).addTarget(as.assign()).run().close();
    }
  }

  /** Reads float variables into Java arrays in one session run. */
  List<float[]> readFloats(List<? extends Operand<TFloat32>> variables) {
    List<float[]> out = new ArrayList<>();
    if (variables.isEmpty()) return out;
    Session.Runner r = session.runner();
    for (Operand<TFloat32> v : variables) r.fetch(v);
    try (Result res = r.run()) {
      for (int i = 0; i < variables.size(); i++) out.add(io.fer4j.util.FloatTensors.floats((TFloat32) res.get(i)));
    }
    return out;
  }

  long readIterations() {
    try (Result res = session.runner().fetch(iterations).run()) {
      return ((TInt64) res.get(0)).getLong();
    }
  }

  @Override
  public void close() {
    SharedWeights.closing(this);
    session.close();
    graph.close();
  }
}
