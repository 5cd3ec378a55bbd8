package io.fer4j.model;

import io.fer4j.layers.CallContext;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Node;
import io.fer4j.layers.SoftmaxOutput;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Replays a model's nodes on real TF operands, in the topology's order: each node's layer is
 * called on the operands of its input tensors. A nested model is called like any layer (its own
 * nodes run inside the same graph and read the same variables). When asked, an output produced
 * by a layer that ends in softmax or sigmoid also yields its logits, so the loss can use them as
 * Keras does.
 */
final class Forward {
  /** Outputs, the first output's logits (or null), the activation they went through ("softmax", "sigmoid") and the activity-regularizer losses, in node order. */
  record Result(List<Operand<TFloat32>> outputs, Operand<TFloat32> logits, String logitsOf, List<Operand<TFloat32>> losses) {
    io.fer4j.losses.Prediction prediction() { return new io.fer4j.losses.Prediction(outputs.get(0), logits, logitsOf); }
  }

  private Forward() {}

  static Result run(Model model, CallContext ctx, List<Operand<TFloat32>> inputs, boolean wantLogits) {
    Map<KerasTensor, Operand<TFloat32>> values = new IdentityHashMap<>();
    List<KerasTensor> ins = model.inputs();
    for (int i = 0; i < ins.size(); i++) values.put(ins.get(i), inputs.get(i));
    KerasTensor first = model.outputs().get(0);
    Operand<TFloat32> logits = null;
    String logitsOf = null;
    List<Operand<TFloat32>> losses = new ArrayList<>();
    for (Node n : model.topology().nodes) {
      if (n.isInput()) continue;
      List<Operand<TFloat32>> xs = new ArrayList<>();
      for (KerasTensor t : n.inputs()) xs.add(values.get(t));
      Operand<TFloat32> y;
      CallContext c = Boolean.FALSE.equals(n.training()) ? ctx.inference() : ctx;
      if (wantLogits && n.output() == first && n.layer() instanceof SoftmaxOutput s && s.endsInSoftmax()) {
        logits = s.callLogits(c, xs.get(0));
        logitsOf = "softmax";
        y = ctx.tf().nn.softmax(logits);
      } else if (wantLogits && n.output() == first && n.layer() instanceof SoftmaxOutput s && s.endsInSigmoid()) {
        logits = s.callLogits(c, xs.get(0));
        logitsOf = "sigmoid";
        y = ctx.tf().math.sigmoid(logits);
      } else {
        y = n.layer().call(c, xs);
      }
      values.put(n.output(), y);
      if (n.layer().activityRegularizer() != null) losses.add(Regularization.activity(ctx.tf(), n.layer().activityRegularizer(), y));
    }
    List<Operand<TFloat32>> outs = new ArrayList<>();
    for (KerasTensor t : model.outputs()) outs.add(values.get(t));
    return new Result(outs, logits, logitsOf, losses);
  }

  /** A model called as a layer: its inputs must have the model's shapes; single output only. */
  static long[] outputShapeAsLayer(Model m, List<long[]> in, boolean asLayer) {
    List<KerasTensor> ins = m.inputs();
    if (m.outputs().size() != 1 && asLayer) throw new io.fer4j.Fer4jException("model '" + m.name() + "' has " + m.outputs().size() + " outputs; fer4j nests single-output models only");
    boolean ok = in.size() == ins.size();
    for (int i = 0; ok && i < in.size(); i++) ok = java.util.Arrays.equals(in.get(i), ins.get(i).shape());
    if (!ok) {
      StringBuilder want = new StringBuilder();
      StringBuilder got = new StringBuilder();
      for (KerasTensor k : ins) want.append(want.length() == 0 ? "" : ", ").append(java.util.Arrays.toString(k.shape()));
      for (long[] s : in) got.append(got.length() == 0 ? "" : ", ").append(java.util.Arrays.toString(s));
      throw new io.fer4j.Fer4jException("model '" + m.name() + "' takes inputs " + want + ", got " + got);
    }
    return m.outputShape();
  }
}
