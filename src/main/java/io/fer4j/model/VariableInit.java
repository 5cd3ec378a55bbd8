package io.fer4j.model;

import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Gives a new graph's variables their starting values: layer initializers from one seeded stream, optimizer slots at their Keras initial values (0; Nadam's u_product 1). */
final class VariableInit {
  private VariableInit() {}

  static void initialize(ModelGraph g, long seed, Optimizer optimizer) {
    Random r = new Random(seed);
    Map<Variable<TFloat32>, float[]> init = new LinkedHashMap<>();
    for (Map.Entry<Weight, Variable<TFloat32>> e : g.vars.entrySet()) {
      Weight w = e.getKey();
      float[] fresh = w.initializer().values(w.shape(), r); // drawn for every weight, so the stream does not depend on what is shared
      float[] current = SharedWeights.adopt(g, w); // a weight another model already holds keeps its value, as Keras shares variables
      init.put(e.getValue(), current != null ? current : fresh);
    }
    if (g.iterations != null) {
      for (int i = 0; i < g.slots.size(); i++) {
        float[] v = new float[(int) g.slots.get(i).shape().size()];
        java.util.Arrays.fill(v, g.slotInitial.get(i));
        init.put(g.slots.get(i), v);
      }
      init.put(g.learningRate, new float[] {optimizer.learningRate()});
    }
    g.assignFloats(init);
    if (g.iterations != null) g.assignIterations(0);
  }
}
