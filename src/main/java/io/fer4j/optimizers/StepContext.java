package io.fer4j.optimizers;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What one optimizer step sees in the graph: the op factory (already waiting for every
 * gradient), the learning-rate and iterations variables (iterations before this step's
 * increment, as Keras reads {@code self.iterations} inside {@code update_step}), the extra
 * scalar optimizer variables by name, and values shared by all variable updates of the step.
 */
public final class StepContext {
  private final Ops tf;
  private final Operand<TFloat32> learningRate;
  private final Operand<TInt64> iterations;
  private final Map<String, Variable<TFloat32>> scalars;
  private final Map<String, Operand<TFloat32>> shared = new HashMap<>();

  public StepContext(Ops tf, Operand<TFloat32> learningRate, Operand<TInt64> iterations, Map<String, Variable<TFloat32>> scalars) {
    this.tf = tf;
    this.learningRate = learningRate;
    this.iterations = iterations;
    this.scalars = scalars;
  }

  public Ops tf() { return tf; }

  public Operand<TFloat32> learningRate() { return learningRate; }

  /** The iterations variable's value before this step's increment. */
  public Operand<TInt64> iterations() { return iterations; }

  /** {@code cast(iterations + k, float32)}: Keras' local_step is k = 1, Nadam's next_step k = 2. */
  public Operand<TFloat32> step(long k) { return tf.dtypes.cast(tf.math.add(iterations, tf.constant(k)), TFloat32.class); }

  /** A Python float hyper-parameter as Keras feeds it to a float32 op (double arithmetic first, then float32). */
  public Operand<TFloat32> c(double v) { return tf.constant((float) v); }

  public Variable<TFloat32> scalar(String name) { return scalars.get(name); }

  public void share(String key, Operand<TFloat32> v) { shared.put(key, v); }

  public Operand<TFloat32> shared(String key) { return shared.get(key); }
}
