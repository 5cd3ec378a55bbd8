package io.fer4j.optimizers;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One trainable variable inside an optimizer step: the op factory for its update (it waits for
 * every gradient and for this variable's weight decay), the variable, its value after decoupled
 * weight decay (what Keras' {@code update_step} reads), its clipped gradient and its slot
 * variables by Keras slot name ({@code momentum}, {@code velocity}, ...).
 */
public record VariableStep(Ops tf, Variable<TFloat32> variable, Operand<TFloat32> value, Operand<TFloat32> gradient,
    Map<String, Variable<TFloat32>> slots) {
  public Variable<TFloat32> slot(String name) {
    Variable<TFloat32> v = slots.get(name);
    if (v == null) throw new IllegalStateException("no optimizer slot '" + name + "'");
    return v;
  }
}
