package io.fer4j.optimizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras Nadam (learning_rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7) with its momentum
 * schedule {@code u_t = beta_1 * (1 - 0.5 * 0.96^t)}: each step first multiplies the scalar
 * u_product variable by u_t, then every variable update reads the new product. Slots: momentum,
 * velocity interleaved per variable, then u_product (initially 1).
 */
public class Nadam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  public Nadam() { this(1e-3); }

  public Nadam(double learningRate) { this(learningRate, 0.9, 0.999, 1e-7); }

  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    super("nadam", learningRate);
    checkUnit("Nadam", "beta_1", beta1);
    checkUnit("Nadam", "beta_2", beta2);
    checkPositive("Nadam", "epsilon", epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override public String kerasClassName() { return "Nadam"; }

  @Override public List<List<String>> slotGroups() { return List.of(List.of("momentum", "velocity")); }

  @Override public List<ScalarVariable> scalarVariables() { return List.of(new ScalarVariable("u_product", 1f)); }

  @Override
  protected List<Op> prepare(StepContext s) {
    Ops tf = s.tf();
    Operand<TFloat32> decay = s.c(0.96);
    Operand<TFloat32> half = s.c(0.5);
    Operand<TFloat32> one = s.c(1.0);
    Operand<TFloat32> b1 = s.c(beta1);
    // _backend_update_step: u_product * beta_1 * (1 - 0.5 * 0.96^(t))
    Operand<TFloat32> product = tf.math.mul(tf.math.mul(s.scalar("u_product"), b1), tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, s.step(1)))));
    Op assign = tf.assign(s.scalar("u_product"), product);
    s.share("u_product", product);
    s.share("u_t", tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, s.step(1))))));
    s.share("u_t_1", tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, s.step(2))))));
    s.share("b2p", tf.math.pow(s.c(beta2), s.step(1)));
    return List.of(assign);
  }

  @Override
  protected List<Op> update(StepContext s, VariableStep v) {
    Ops tf = v.tf();
    Operand<TFloat32> one = s.c(1.0);
    Operand<TFloat32> g = v.gradient();
    Operand<TFloat32> ut = s.shared("u_t");
    Operand<TFloat32> ut1 = s.shared("u_t_1");
    Operand<TFloat32> up = s.shared("u_product");
    Operand<TFloat32> up1 = tf.math.mul(up, ut1);
    Operand<TFloat32> m = tf.math.add(v.slot("momentum"), tf.math.mul(tf.math.sub(g, v.slot("momentum")), tf.math.sub(one, s.c(beta1))));
    Operand<TFloat32> vel = tf.math.add(v.slot("velocity"), tf.math.mul(tf.math.sub(tf.math.square(g), v.slot("velocity")), tf.math.sub(one, s.c(beta2))));
    Operand<TFloat32> mHat = tf.math.add(tf.math.div(tf.math.mul(ut1, m), tf.math.sub(one, up1)), tf.math.div(tf.math.mul(tf.math.sub(one, ut), g), tf.math.sub(one, up)));
    Operand<TFloat32> vHat = tf.math.div(vel, tf.math.sub(one, s.shared("b2p")));
    Operand<TFloat32> var = tf.math.sub(v.value(), tf.math.div(tf.math.mul(mHat, s.learningRate()), tf.math.add(tf.math.sqrt(vHat), s.c(epsilon))));
    return List.of(tf.assign(v.slot("momentum"), m), tf.assign(v.slot("velocity"), vel), tf.assign(v.variable(), var));
  }

  @Override
  protected void writeHyperParameters(ObjectNode c) {
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
  }
}
