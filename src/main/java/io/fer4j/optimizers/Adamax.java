package io.fer4j.optimizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras Adamax (learning_rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7): {@code u =
 * max(beta_2 * u, |g|)}, {@code var -= lr * m / ((1 - beta_1^t) * (u + eps))}. Slots: momentum,
 * norm interleaved per variable.
 */
public class Adamax extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  public Adamax() { this(1e-3); }

  public Adamax(double learningRate) { this(learningRate, 0.9, 0.999, 1e-7); }

  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    super("adamax", learningRate);
    checkUnit("Adamax", "beta_1", beta1);
    checkUnit("Adamax", "beta_2", beta2);
    checkPositive("Adamax", "epsilon", epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override public String kerasClassName() { return "Adamax"; }

  @Override public List<List<String>> slotGroups() { return List.of(List.of("momentum", "norm")); }

  @Override
  protected List<Op> prepare(StepContext s) {
    s.share("b1p", s.tf().math.pow(s.c(beta1), s.step(1)));
    return List.of();
  }

  @Override
  protected List<Op> update(StepContext s, VariableStep v) {
    Ops tf = v.tf();
    Operand<TFloat32> g = v.gradient();
    Operand<TFloat32> m = tf.math.add(v.slot("momentum"), tf.math.mul(tf.math.sub(g, v.slot("momentum")), s.c(oneMinus(beta1))));
    Operand<TFloat32> u = tf.math.maximum(tf.math.mul(s.c(beta2), v.slot("norm")), tf.math.abs(g));
    Operand<TFloat32> denom = tf.math.mul(tf.math.sub(tf.constant(1f), s.shared("b1p")), tf.math.add(u, s.c(epsilon)));
    Operand<TFloat32> var = tf.math.sub(v.value(), tf.math.div(tf.math.mul(s.learningRate(), m), denom));
    return List.of(tf.assign(v.slot("momentum"), m), tf.assign(v.slot("norm"), u), tf.assign(v.variable(), var));
  }

  @Override
  protected void writeHyperParameters(ObjectNode c) {
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
  }
}
