package io.fer4j.optimizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RMSprop (learning_rate 1e-3, rho 0.9, momentum 0, epsilon 1e-7, centered off). Keras
 * puts epsilon inside the square root ({@code lr * g / sqrt(v + eps)}; centered: {@code sqrt(v -
 * avg^2 + eps)}), unlike TF's ApplyRMSProp, so the update is written out. Slots: all velocities,
 * then all momentums (momentum > 0), then all average_gradients (centered).
 */
public class RMSprop extends Optimizer {
  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;

  public RMSprop() { this(1e-3); }

  public RMSprop(double learningRate) { this(learningRate, 0.9, 0, 1e-7, false); }

  public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    super("rm_sprop", learningRate);
    checkUnit("RMSprop", "rho", rho);
    if (!(momentum >= 0 && momentum < 1)) throw new Fer4jException("RMSprop: momentum must be in [0, 1), got " + momentum);
    checkPositive("RMSprop", "epsilon", epsilon);
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  @Override public String kerasClassName() { return "RMSprop"; }

  @Override
  public List<List<String>> slotGroups() {
    List<List<String>> g = new ArrayList<>(List.of(List.of("velocity")));
    if (momentum > 0) g.add(List.of("momentum"));
    if (centered) g.add(List.of("average_gradient"));
    return g;
  }

  @Override
  protected List<Op> update(StepContext s, VariableStep v) {
    Ops tf = v.tf();
    Operand<TFloat32> g = v.gradient();
    List<Op> ops = new ArrayList<>();
    Operand<TFloat32> vel = tf.math.add(tf.math.mul(s.c(rho), v.slot("velocity")), tf.math.mul(s.c(oneMinus(rho)), tf.math.square(g)));
    ops.add(tf.assign(v.slot("velocity"), vel));
    Operand<TFloat32> denominator;
    if (centered) {
      Operand<TFloat32> avg = tf.math.add(tf.math.mul(s.c(rho), v.slot("average_gradient")), tf.math.mul(s.c(oneMinus(rho)), g));
      ops.add(tf.assign(v.slot("average_gradient"), avg));
      denominator = tf.math.add(tf.math.sub(vel, tf.math.square(avg)), s.c(epsilon));
    } else {
      denominator = tf.math.add(vel, s.c(epsilon));
    }
    Operand<TFloat32> increment = tf.math.div(tf.math.mul(s.learningRate(), g), tf.math.sqrt(denominator));
    if (momentum > 0) {
      Operand<TFloat32> m = tf.math.add(tf.math.mul(s.c(momentum), v.slot("momentum")), increment);
      ops.add(tf.assign(v.slot("momentum"), m));
      increment = m;
    }
    ops.add(tf.assign(v.variable(), tf.math.sub(v.value(), increment)));
    return ops;
  }

  @Override
  protected void writeHyperParameters(ObjectNode c) {
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
  }
}
