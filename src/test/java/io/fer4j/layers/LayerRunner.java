package io.fer4j.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Runs one layer's {@code call} on a batch in its own graph, in inference or training mode, with
 * given weight values: what a layer test needs without a model around it (training mode is not
 * reachable through {@code predict}).
 */
public final class LayerRunner {
  private LayerRunner() {}

  /** The layer's output on {@code n} samples of shape {@code inShape}, flattened row-major. */
  public static float[] run(Layer layer, long[] inShape, float[] x, int n, List<float[]> weights, boolean training, long seed) {
    return runOps(inShape, x, n, (tf, in) -> {
      layer.ensureBuilt(inShape);
      return null;
    }, layer, weights, training, seed);
  }

  /** Applies {@code f} to the input placeholder (for bare functions such as activations). */
  public static float[] apply(long[] inShape, float[] x, int n, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> f) {
    return runOps(inShape, x, n, f, null, List.of(), false, 0);
  }

  private static float[] runOps(long[] inShape, float[] x, int n, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> f,
      Layer layer, List<float[]> weights, boolean training, long seed) {
    long[] full = new long[inShape.length + 1];
    full[0] = n;
    System.arraycopy(inShape, 0, full, 1, inShape.length);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(full)));
      Operand<TFloat32> y = f.apply(tf, in);
      List<TFloat32> open = new ArrayList<>();
      try {
        Session.Runner init = s.runner();
        boolean anyInit = false;
        if (layer != null) {
          Map<Weight, Variable<TFloat32>> vars = new LinkedHashMap<>();
          List<Weight> ws = layer.weights();
          if (weights != null && weights.size() != ws.size()) throw new IllegalArgumentException(layer + " has " + ws.size() + " weights, got " + weights.size());
          Random r = new Random(seed);
          for (int i = 0; i < ws.size(); i++) {
            Weight w = ws.get(i);
            Variable<TFloat32> v = tf.withName("w" + i).variable(Shape.of(w.shape()), TFloat32.class);
            vars.put(w, v);
            float[] val = weights != null ? weights.get(i) : w.initializer().values(w.shape(), r);
            TFloat32 t = TFloat32.tensorOf(Shape.of(w.shape()), DataBuffers.of(val, true, false));
            open.add(t);
            init.addTarget(tf.assign(v, tf.constant(t)));
            anyInit = true;
          }
          CallContext ctx = new CallContext(tf, vars, training, seed);
          y = layer.call(ctx, in);
        }
        if (anyInit) init.run();
        try (TFloat32 xt = TFloat32.tensorOf(Shape.of(full), DataBuffers.of(x, true, false));
             Result res = s.runner().feed(in, xt).fetch(tf.identity(y)).run()) {
          TFloat32 out = (TFloat32) res.get(0);
          float[] flat = new float[(int) out.shape().size()];
          out.copyTo(DataBuffers.of(flat, false, false));
          return flat;
        }
      } finally {
        open.forEach(TFloat32::close);
      }
    }
  }
}
