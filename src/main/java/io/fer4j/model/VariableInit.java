package io.fer4j.model;

import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Adam;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Gives a new graph's variables their starting values: layer initializers from one seeded stream, zero optimizer slots. */
final class VariableInit {
  private VariableInit() {}

  static void initialize(ModelGraph g, long seed, Adam optimizer) {
    Random r = new Random(seed);
    Map<Variable<TFloat32>, float[]> init = new LinkedHashMap<>();
    for (Map.Entry<Weight, Variable<TFloat32>> e : g.vars.entrySet()) {
      Weight w = e.getKey();
      init.put(e.getValue(), w.initializer().values(w.shape(), r));
    }
    if (g.iterations != null) {
      for (Variable<TFloat32> s : g.slots) init.put(s, new float[(int) s.shape().size()]);
      init.put(g.learningRate, new float[] {optimizer.learningRate()});
    }
    g.assignFloats(init);
    if (g.iterations != null) g.assignIterations(0);
  }
}
