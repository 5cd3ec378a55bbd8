package io.fer4j.optimizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras Adam (learning_rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7, amsgrad off). Without
 * amsgrad the update runs as TF's fused ApplyAdam kernel, which computes Keras' update
 * ({@code alpha = lr * sqrt(1 - b2^t) / (1 - b1^t)}, {@code var -= m * alpha / (sqrt(v) + eps)})
 * and keeps the seed's step fast; with amsgrad it is written out with Keras' velocity_hat.
 * Slots: momentum, velocity interleaved per variable, then velocity_hat per variable.
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private boolean amsgrad;

  public Adam() { this(1e-3); }

  public Adam(double learningRate) { this(learningRate, 0.9, 0.999, 1e-7); }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) { this("adam", learningRate, beta1, beta2, epsilon); }

  protected Adam(String name, double learningRate, double beta1, double beta2, double epsilon) {
    super(name, learningRate);
    checkUnit(kerasClassName(), "beta_1", beta1);
    checkUnit(kerasClassName(), "beta_2", beta2);
    checkPositive(kerasClassName(), "epsilon", epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  public Adam amsgrad(boolean on) { this.amsgrad = on; return this; }

  @Override public String kerasClassName() { return "Adam"; }
  public float beta1() { return (float) beta1; }
  public float beta2() { return (float) beta2; }
  public float epsilon() { return (float) epsilon; }
  public boolean amsgrad() { return amsgrad; }

  @Override
  public List<List<String>> slotGroups() {
    return amsgrad ? List.of(List.of("momentum", "velocity"), List.of("velocity_hat")) : List.of(List.of("momentum", "velocity"));
  }

  @Override
  protected List<Op> prepare(StepContext s) {
    Ops tf = s.tf();
    Operand<TFloat32> t = s.step(1);
    s.share("b1p", tf.math.pow(s.c(beta1), t));
    s.share("b2p", tf.math.pow(s.c(beta2), t));
    return List.of();
  }

  @Override
  protected List<Op> update(StepContext s, VariableStep v) {
    Ops tf = v.tf();
    Operand<TFloat32> b1p = s.shared("b1p");
    Operand<TFloat32> b2p = s.shared("b2p");
    if (!amsgrad) {
      return List.of(tf.train.applyAdam(v.variable(), v.slot("momentum"), v.slot("velocity"), b1p, b2p, s.learningRate(),
          s.c(beta1), s.c(beta2), s.c(epsilon), v.gradient()));
    }
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> alpha = tf.math.div(tf.math.mul(s.learningRate(), tf.math.sqrt(tf.math.sub(one, b2p))), tf.math.sub(one, b1p));
    Operand<TFloat32> g = v.gradient();
    Operand<TFloat32> m = tf.math.add(v.slot("momentum"), tf.math.mul(tf.math.sub(g, v.slot("momentum")), s.c(oneMinus(beta1))));
    Operand<TFloat32> vel = tf.math.add(v.slot("velocity"), tf.math.mul(tf.math.sub(tf.math.square(g), v.slot("velocity")), s.c(oneMinus(beta2))));
    Operand<TFloat32> vhat = tf.math.maximum(v.slot("velocity_hat"), vel);
    Operand<TFloat32> var = tf.math.sub(v.value(), tf.math.div(tf.math.mul(m, alpha), tf.math.add(tf.math.sqrt(vhat), s.c(epsilon))));
    return List.of(tf.assign(v.slot("momentum"), m), tf.assign(v.slot("velocity"), vel), tf.assign(v.slot("velocity_hat"), vhat), tf.assign(v.variable(), var));
  }

  @Override
  protected void writeHyperParameters(ObjectNode c) {
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    c.put("amsgrad", amsgrad);
  }
}
