package io.fer4j.model;

import io.fer4j.Fer4jException;
import io.fer4j.constraints.Constraint;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import io.fer4j.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code model.losses} and weight constraints in the graph: a penalty per trainable
 * weight with a regularizer (frozen weights add none, as Keras iterates trainable_weights),
 * activity penalties divided by the batch size, the total {@code sum([loss, *model.losses])},
 * and constraint projections assigned after the optimizer's updates.
 */
final class Regularization {
  private Regularization() {}

  /** Refuses a regularizer or constraint set on a weight the layer does not have (it would be silently dropped). */
  static void validate(Model model) {
    validate(model, false);
  }

  private static void validate(Model model, boolean nested) {
    for (Layer l : model.layers()) {
      if (l instanceof Model sub) {
        validate(sub, true);
        continue;
      }
      Set<String> names = new HashSet<>();
      for (Weight w : l.weights()) names.add(w.name());
      for (String k : l.weightRegularizers().keySet()) {
        if (!names.contains(k)) throw new Fer4jException("layer '" + l.name() + "' has no weight '" + k + "' for its " + l.configStem(k) + "_regularizer");
      }
      for (String k : l.weightConstraints().keySet()) {
        if (!names.contains(k)) throw new Fer4jException("layer '" + l.name() + "' has no weight '" + k + "' for its " + l.configStem(k) + "_constraint");
      }
      if (nested && l.activityRegularizer() != null) {
        throw new Fer4jException("layer '" + l.name() + "' inside model '" + model.name() + "': fer4j applies activity_regularizer only to top-level layers");
      }
    }
  }

  static List<Operand<TFloat32>> weightPenalties(Ops tf, List<Weight> trainable, Map<Weight, Variable<TFloat32>> vars) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Weight w : trainable) {
      Regularizer r = w.layer().weightRegularizers().get(w.name());
      if (r != null) out.add(r.penalty(tf, tf.identity(vars.get(w)))); // a value, not the ref: TF C++ gradients of Square crash on ref inputs
    }
    return out;
  }

  /** Keras Layer.__call__: {@code divide_no_nan(penalty(output), batch size)}. */
  static Operand<TFloat32> activity(Ops tf, Regularizer r, Operand<TFloat32> y) {
    Operand<TFloat32> batch = tf.dtypes.cast(tf.squeeze(tf.slice(tf.shape(y), tf.constant(new int[] {0}), tf.constant(new int[] {1}))), TFloat32.class);
    return tf.math.divNoNan(r.penalty(tf, y), batch);
  }

  /** Keras compute_loss: the compiled loss alone, or {@code sum(stack([loss, *extra]))}. */
  static Operand<TFloat32> total(Ops tf, Operand<TFloat32> compiled, List<Operand<TFloat32>> extra) {
    if (extra.isEmpty()) return compiled;
    List<Operand<TFloat32>> all = new ArrayList<>();
    all.add(compiled);
    all.addAll(extra);
    return tf.reduceSum(tf.stack(all), tf.constant(0));
  }

  /** The applies followed by {@code var.assign(constraint(var))} for each constrained trainable weight ({@code after} waits for the applies). */
  static List<Op> constrain(Ops after, List<Weight> trainable, Map<Weight, Variable<TFloat32>> vars, List<Op> applies) {
    List<Op> out = new ArrayList<>();
    for (Weight w : trainable) {
      Constraint c = w.layer().weightConstraints().get(w.name());
      if (c == null) continue;
      Variable<TFloat32> v = vars.get(w);
      out.add(after.assign(v, c.project(after, after.identity(v))));
    }
    if (out.isEmpty()) return applies;
    out.addAll(applies);
    return out;
  }
}
