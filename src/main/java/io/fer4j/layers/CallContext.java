package io.fer4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a layer needs to add its ops to a graph: the op factory, the graph variable of each of its
 * weights, whether this is the training path (batch statistics, dropout) and a list collecting the
 * state updates (BN moving averages) that must run with each training step.
 */
public final class CallContext {
  private final Ops tf;
  private final Map<Weight, ? extends Operand<TFloat32>> variables;
  private final boolean training;
  private final long seed;
  private final List<Op> updates = new ArrayList<>();

  public CallContext(Ops tf, Map<Weight, ? extends Operand<TFloat32>> variables, boolean training, long seed) {
    this.tf = tf;
    this.variables = variables;
    this.training = training;
    this.seed = seed;
  }

  public Ops tf() { return tf; }

  /** The same graph and variables in inference mode (a call made with {@code training=False}). */
  public CallContext inference() {
    return training ? new CallContext(tf, variables, false, seed) : this;
  }
  public boolean training() { return training; }
  /** Base seed for random ops (dropout masks). */
  public long seed() { return seed; }

  public Operand<TFloat32> variable(Weight w) {
    Operand<TFloat32> v = variables.get(w);
    if (v == null) throw new IllegalStateException("weight not in graph: " + w.path());
    return v;
  }

  public void addUpdate(Op op) { updates.add(op); }
  public List<Op> updates() { return updates; }
}
