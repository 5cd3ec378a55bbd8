package io.fer4j.optimizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras SGD (learning_rate 0.01, momentum 0, nesterov off). Keras keeps {@code m = m * momentum
 * - g * lr} and adds it to the variable (Nesterov: adds {@code m * momentum - g * lr}), which is
 * not TF's ApplyMomentum accumulator, so the update is written out. One {@code momentum} slot
 * per variable, only when momentum is not 0 (as Keras builds it).
 */
public class SGD extends Optimizer {
  private final double momentum;
  private final boolean nesterov;

  public SGD() { this(0.01); }

  public SGD(double learningRate) { this(learningRate, 0, false); }

  public SGD(double learningRate, double momentum, boolean nesterov) {
    super("sgd", learningRate);
    if (!(momentum >= 0 && momentum <= 1)) throw new Fer4jException("SGD: momentum must be in [0, 1], got " + momentum);
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  @Override public String kerasClassName() { return "SGD"; }
  public double momentum() { return momentum; }
  public boolean nesterov() { return nesterov; }

  @Override
  public List<List<String>> slotGroups() { return momentum != 0 ? List.of(List.of("momentum")) : List.of(); }

  @Override
  protected List<Op> update(StepContext s, VariableStep v) {
    Ops tf = v.tf();
    Operand<TFloat32> gl = tf.math.mul(v.gradient(), s.learningRate());
    if (momentum == 0) return List.of(tf.assign(v.variable(), tf.math.sub(v.value(), gl)));
    Operand<TFloat32> mom = s.c(momentum);
    Operand<TFloat32> m = tf.math.sub(tf.math.mul(v.slot("momentum"), mom), gl);
    Operand<TFloat32> step = nesterov ? tf.math.sub(tf.math.mul(m, mom), gl) : m;
    return List.of(tf.assign(v.slot("momentum"), m), tf.assign(v.variable(), tf.math.add(v.value(), step)));
  }

  @Override
  protected void writeHyperParameters(ObjectNode c) {
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
  }
}
