package io.fer4j.optimizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's {@code BaseOptimizer.apply} in one TF graph step: gradient clipping ({@code clipnorm}
 * per gradient, {@code global_clipnorm} over all, {@code clipvalue}), decoupled weight decay
 * ({@code var -= var * wd * lr} before the update, as Keras' TF backend does), then each
 * subclass's {@code update_step}. The learning rate and iterations live in graph variables that
 * {@code io.fer4j.model} owns; slots are created in Keras' order from {@link #allSlotGroups} so they
 * save and load as Keras writes {@code optimizer/vars}. With {@code use_ema} the step then updates
 * each weight's moving average ({@code average} slot, Keras' {@code _model_variables_moving_average})
 * and, every {@code ema_overwrite_frequency} steps, copies it into the weight. Weight constraints
 * and the iterations increment run after this, in the model's graph.
 */
public abstract class Optimizer {
  /** An optimizer variable that is one scalar, not one per trainable weight (Nadam's u_product). */
  public record ScalarVariable(String name, float initial) {}

  private String name;
  private final float learningRate;
  private Double weightDecay;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;
  private boolean useEma;
  private double emaMomentum = 0.99;
  private Integer emaOverwriteFrequency;

  protected Optimizer(String name, double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new Fer4jException(getClass().getSimpleName() + ": learning_rate must be > 0, got " + learningRate);
    this.name = name;
    this.learningRate = (float) learningRate;
  }

  /** Keras' class name in configs ({@code SGD}, {@code Adam}, ...). */
  public abstract String kerasClassName();

  /**
   * Slot names in Keras' creation order: each inner list is one {@code add_optimizer_variables}
   * call, which creates its names interleaved per trainable variable (Adam: m0, v0, m1, v1, ...);
   * successive groups follow each other (RMSprop: all velocities, then all momentums).
   */
  public abstract List<List<String>> slotGroups();

  /**
   * Every slot group in Keras' creation order: the base optimizer's {@code average} slots first
   * when {@code use_ema} (its {@code build} runs before the subclass adds its own), then
   * {@link #slotGroups}.
   */
  public final List<List<String>> allSlotGroups() {
    if (!useEma) return slotGroups();
    List<List<String>> all = new ArrayList<>();
    all.add(List.of(AVERAGE));
    all.addAll(slotGroups());
    return all;
  }

  /** The slot holding a weight's exponential moving average when {@code use_ema}. */
  public static final String AVERAGE = "average";

  /** Scalar optimizer variables Keras creates after the slots. */
  public List<ScalarVariable> scalarVariables() { return List.of(); }

  /** Shared per-step work before the variable updates (Nadam's u_product); returns its assign ops. */
  protected List<Op> prepare(StepContext s) { return List.of(); }

  /** Keras {@code update_step} for one variable; returns the ops that update it and its slots. */
  protected abstract List<Op> update(StepContext s, VariableStep v);

  /** Subclass hyper-parameters in Keras' {@code get_config} order (after the base keys). */
  protected abstract void writeHyperParameters(ObjectNode c);

  public String name() { return name; }
  public float learningRate() { return learningRate; }
  public Double weightDecay() { return weightDecay; }
  public Double clipnorm() { return clipnorm; }
  public Double clipvalue() { return clipvalue; }
  public Double globalClipnorm() { return globalClipnorm; }

  public boolean useEma() { return useEma; }
  public double emaMomentum() { return emaMomentum; }
  public Integer emaOverwriteFrequency() { return emaOverwriteFrequency; }

  public Optimizer name(String n) { this.name = n; return this; }

  /**
   * Keras' {@code use_ema=True}: keep an exponential moving average of every trainable weight
   * ({@code average = m * average + (1 - m) * weight} after each step; the first step copies the
   * weight), copied into the weights every {@code overwriteFrequency} steps (null: only when fit
   * ends, as Keras' {@code finalize_variable_values}). Use {@code SwapEMAWeights} to validate with it.
   */
  public Optimizer ema(double momentum, Integer overwriteFrequency) {
    if (!(momentum >= 0 && momentum <= 1)) throw new Fer4jException(kerasClassName() + ": ema_momentum must be in the range [0, 1], got " + momentum);
    if (overwriteFrequency != null && overwriteFrequency < 1) throw new Fer4jException(kerasClassName() + ": ema_overwrite_frequency must be an integer >= 1 or None, got " + overwriteFrequency);
    this.useEma = true;
    this.emaMomentum = momentum;
    this.emaOverwriteFrequency = overwriteFrequency;
    return this;
  }

  /** Decoupled weight decay applied to every trainable variable (Keras' {@code weight_decay}). */
  public Optimizer weightDecay(double wd) {
    if (!(wd >= 0) || Double.isInfinite(wd)) throw new Fer4jException(kerasClassName() + ": weight_decay must be >= 0, got " + wd);
    this.weightDecay = wd;
    return this;
  }

  public Optimizer clipnorm(double v) { this.clipnorm = checkClip("clipnorm", v); return this; }
  public Optimizer clipvalue(double v) { this.clipvalue = checkClip("clipvalue", v); return this; }
  public Optimizer globalClipnorm(double v) { this.globalClipnorm = checkClip("global_clipnorm", v); return this; }

  private Double checkClip(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new Fer4jException(kerasClassName() + ": " + what + " must be > 0, got " + v);
    String other = clipnorm != null ? "clipnorm" : clipvalue != null ? "clipvalue" : globalClipnorm != null ? "global_clipnorm" : null;
    if (other != null && !other.equals(what)) throw new Fer4jException(kerasClassName() + ": only one of clipnorm, clipvalue and global_clipnorm can be set (" + other + " is)");
    return v;
  }

  /**
   * Builds the whole update of one step for {@code vars} with their gradients and slots (maps
   * from slot name to variable, as created from {@link #slotGroups}). {@code s.tf()} must
   * already wait for every gradient, so no backward op reads a half-updated weight.
   */
  public final List<Op> applyGradients(StepContext s, List<Variable<TFloat32>> vars, List<Operand<TFloat32>> grads,
      List<Map<String, Variable<TFloat32>>> slots) {
    Ops tf = s.tf();
    List<Operand<TFloat32>> g = clip(tf, grads, vars);
    List<Op> ops = new ArrayList<>();
    List<VariableStep> steps = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> var = vars.get(i);
      Operand<TFloat32> value = var;
      Ops vtf = tf;
      if (weightDecay != null) {
        Operand<TFloat32> read = tf.identity(var);
        value = tf.math.sub(read, tf.math.mul(tf.math.mul(read, s.c(weightDecay)), s.learningRate()));
        Op decay = tf.assign(var, value);
        vtf = tf.withControlDependencies(List.of(decay));
      }
      steps.add(new VariableStep(vtf, var, value, g.get(i), slots.get(i)));
    }
    ops.addAll(prepare(s));
    for (VariableStep v : steps) ops.addAll(update(s, v));
    return useEma ? movingAverages(s, vars, slots, ops) : ops;
  }

  /**
   * Keras' {@code _update_model_variables_moving_average} after the updates, with the iterations
   * before this step's increment (momentum 0 at the first step), then the periodic overwrite when
   * {@code (iterations + 1) % ema_overwrite_frequency == 0}.
   */
  private List<Op> movingAverages(StepContext s, List<Variable<TFloat32>> vars, List<Map<String, Variable<TFloat32>>> slots, List<Op> updates) {
    Ops tf = s.tf().withControlDependencies(updates);
    Operand<TFloat32> notFirst = tf.dtypes.cast(tf.math.notEqual(s.iterations(), tf.constant(0L)), TFloat32.class);
    Operand<TFloat32> m = tf.math.mul(notFirst, s.c(emaMomentum));
    Operand<TFloat32> oneMinusM = tf.math.sub(tf.constant(1f), m);
    Operand<org.tensorflow.types.TBool> overwrite = emaOverwriteFrequency == null ? null
        : tf.math.equal(tf.math.floorMod(tf.math.add(s.iterations(), tf.constant(1L)), tf.constant((long) emaOverwriteFrequency)), tf.constant(0L));
    List<Op> out = new ArrayList<>(updates);
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> var = vars.get(i);
      Variable<TFloat32> avg = slots.get(i).get(AVERAGE);
      Operand<TFloat32> value = tf.identity(var);
      Operand<TFloat32> next = tf.math.add(tf.math.mul(m, avg), tf.math.mul(oneMinusM, value));
      org.tensorflow.op.core.Assign<TFloat32> a = tf.assign(avg, next);
      out.add(a);
      if (overwrite != null) out.add(tf.withControlDependencies(List.of(a)).assign(var, tf.select(overwrite, next, value)));
    }
    return out;
  }

  private List<Operand<TFloat32>> clip(Ops tf, List<Operand<TFloat32>> grads, List<Variable<TFloat32>> vars) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    if (clipnorm != null) {
      Operand<TFloat32> c = tf.constant(clipnorm.floatValue());
      for (int i = 0; i < grads.size(); i++) out.add(clipByNorm(tf, grads.get(i), vars.get(i).shape().numDimensions(), c));
    } else if (globalClipnorm != null) {
      List<Operand<TFloat32>> squares = new ArrayList<>();
      for (Operand<TFloat32> gr : grads) squares.add(tf.reduceSum(tf.math.square(gr), allAxes(tf, gr)));
      Operand<TFloat32> norm = tf.math.sqrt(tf.reduceSum(tf.stack(squares), tf.constant(0)));
      Operand<TFloat32> c = tf.constant(globalClipnorm.floatValue());
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> finite = tf.math.mul(c, tf.math.minimum(tf.math.div(one, norm), tf.constant((float) (1.0 / globalClipnorm))));
      Operand<TFloat32> scale = tf.math.add(finite, tf.math.sub(norm, norm)); // NaN for a non-finite norm, as Keras
      for (Operand<TFloat32> gr : grads) out.add(tf.math.mul(gr, scale));
    } else if (clipvalue != null) {
      for (Operand<TFloat32> gr : grads) out.add(tf.clipByValue(gr, tf.constant(-clipvalue.floatValue()), tf.constant(clipvalue.floatValue())));
    } else {
      out.addAll(grads);
    }
    return out;
  }

  /** tf.clip_by_norm over all axes (what Keras' TF backend calls for clipnorm). */
  private static Operand<TFloat32> clipByNorm(Ops tf, Operand<TFloat32> g, int rank, Operand<TFloat32> c) {
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) axes[i] = i;
    Operand<TFloat32> l2sum = tf.reduceSum(tf.math.mul(g, g), tf.constant(axes), ReduceSum.keepDims(true));
    Operand<org.tensorflow.types.TBool> pred = tf.math.greater(l2sum, tf.constant(0f));
    Operand<TFloat32> safe = tf.select(pred, l2sum, tf.onesLike(l2sum));
    Operand<TFloat32> l2norm = tf.select(pred, tf.math.sqrt(safe), l2sum);
    return tf.math.div(tf.math.mul(g, c), tf.math.maximum(l2norm, c));
  }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }

  /** Keras' {@code get_config}: the base keys, then the subclass's hyper-parameters. */
  public final void writeConfig(ObjectNode c, float currentLearningRate) {
    c.put("name", name);
    c.put("learning_rate", (double) currentLearningRate);
    putNullable(c, "weight_decay", weightDecay);
    putNullable(c, "clipnorm", clipnorm);
    putNullable(c, "global_clipnorm", globalClipnorm);
    putNullable(c, "clipvalue", clipvalue);
    c.put("use_ema", useEma);
    c.put("ema_momentum", emaMomentum);
    if (emaOverwriteFrequency == null) c.putNull("ema_overwrite_frequency");
    else c.put("ema_overwrite_frequency", emaOverwriteFrequency.intValue());
    // loss_scale_factor and gradient_accumulation_steps (always None here) are left out: Keras 3.0-3.3 reject them
    writeHyperParameters(c);
  }

  private static void putNullable(ObjectNode c, String k, Double v) {
    if (v == null) c.putNull(k);
    else c.put(k, v);
  }

  /** Keras' {@code 1 - beta} on Python floats, then float32 (what its ops receive). */
  protected static double oneMinus(double beta) { return 1 - beta; }

  protected static void checkUnit(String cls, String what, double v) {
    if (!(v >= 0 && v < 1)) throw new Fer4jException(cls + ": " + what + " must be in [0, 1), got " + v);
  }

  protected static void checkPositive(String cls, String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new Fer4jException(cls + ": " + what + " must be > 0, got " + v);
  }
}
