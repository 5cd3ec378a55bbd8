package io.fer4j.keras;

import io.fer4j.Fer4jException;
import io.fer4j.layers.CallContext;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A Keras functional model that is not a plain chain (e.g. residual Add or Concatenate
 * branches), rebuilt for inference: one input, one output, each layer called once, merges from
 * {@link Merge}. Layers run in inference mode (BN moving statistics, no dropout). Training and
 * saving such models is not supported; linear functional models load as a
 * {@link io.fer4j.model.Sequential} instead, which does both.
 */
public final class FunctionalModel implements AutoCloseable {
  /** One node of the DAG: a layer or a merge, reading the outputs of earlier nodes. */
  record Node(String name, Layer layer, Merge merge, List<Integer> inputs) {}

  private final String name;
  private final long[] inputShape;
  private final List<Node> nodes; // topological; node 0 is the input
  private final List<long[]> shapes = new ArrayList<>();
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> output;
  private final Map<Weight, Variable<TFloat32>> vars = new LinkedHashMap<>();
  private final Map<Weight, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
  private final List<Op> assigns = new ArrayList<>();

  FunctionalModel(String source, String name, long[] inputShape, List<Node> nodes) {
    this.name = name;
    this.inputShape = inputShape.clone();
    this.nodes = List.copyOf(nodes);
    shapes.add(inputShape.clone());
    for (int i = 1; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      List<long[]> in = new ArrayList<>();
      for (int k : n.inputs()) in.add(shapes.get(k));
      try {
        if (n.layer() != null) {
          n.layer().ensureBuilt(in.get(0));
          shapes.add(n.layer().outputShape());
        } else {
          shapes.add(n.merge().outputShape(source + ": layer " + n.merge().className() + " '" + n.name() + "'", in));
        }
      } catch (Fer4jException e) {
        graph.close();
        throw e.getMessage().startsWith(source) ? e : new Fer4jException(source + ": " + e.getMessage(), e);
      }
    }
    Ops tf = Ops.create(graph);
    long[] batch = new long[inputShape.length + 1];
    batch[0] = -1;
    System.arraycopy(inputShape, 0, batch, 1, inputShape.length);
    input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch)));
    for (Layer l : layers()) {
      Ops scope = tf.withSubScope(l.name());
      for (Weight w : l.weights()) {
        Variable<TFloat32> v = scope.withName(w.name()).variable(Shape.of(w.shape()), TFloat32.class);
        vars.put(w, v);
        Placeholder<TFloat32> p = tf.withSubScope("assign").placeholder(TFloat32.class, Placeholder.shape(Shape.of(w.shape())));
        feeds.put(w, p);
        assigns.add(tf.withSubScope("assign").assign(v, p));
      }
    }
    CallContext ctx = new CallContext(tf.withSubScope("inference"), vars, false, 0);
    List<Operand<TFloat32>> outs = new ArrayList<>();
    outs.add(input);
    for (int i = 1; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      List<Operand<TFloat32>> xs = new ArrayList<>();
      for (int k : n.inputs()) xs.add(outs.get(k));
      outs.add(n.layer() != null ? n.layer().call(ctx, xs.get(0)) : n.merge().call(ctx.tf(), xs, shapes.get(n.inputs().get(0)).length));
    }
    output = tf.withName("output").identity(outs.get(outs.size() - 1));
    session = new Session(graph);
    // start from the layers' initializers (as Keras' build does), so the model is never uninitialized
    java.util.Random r = new java.util.Random(42);
    List<float[]> init = new ArrayList<>();
    for (Weight w : vars.keySet()) init.add(w.initializer().values(w.shape(), r));
    setWeights(init);
  }

  public String name() { return name; }
  public long[] inputShape() { return inputShape.clone(); }
  public long[] outputShape() { return shapes.get(shapes.size() - 1).clone(); }

  /** Layers with a computation of their own (no input, no merges), in Keras model order. */
  public List<Layer> layers() {
    List<Layer> ls = new ArrayList<>();
    for (Node n : nodes) if (n.layer() != null) ls.add(n.layer());
    return ls;
  }

  /** Number of merge layers (Add, Concatenate, …). */
  public int mergeCount() {
    int c = 0;
    for (Node n : nodes) if (n.merge() != null) c++;
    return c;
  }

  public long countParams() {
    long p = 0;
    for (Weight w : vars.keySet()) p += w.size();
    return p;
  }

  /** Sets every weight, in Keras get_weights() order. */
  public void setWeights(List<float[]> values) {
    List<Weight> ws = new ArrayList<>(vars.keySet());
    if (values.size() != ws.size()) throw new Fer4jException("expected " + ws.size() + " weight arrays, got " + values.size());
    List<Tensor> open = new ArrayList<>();
    try {
      Session.Runner r = session.runner();
      for (int i = 0; i < ws.size(); i++) {
        Weight w = ws.get(i);
        if (values.get(i).length != w.size()) throw new Fer4jException("weight " + w.path() + " needs " + w.size() + " values, got " + values.get(i).length);
        TFloat32 t = TFloat32.tensorOf(Shape.of(w.shape()), DataBuffers.of(values.get(i), true, false));
        open.add(t);
        r.feed(feeds.get(w), t);
      }
      for (Op a : assigns) r.addTarget(a);
      if (!ws.isEmpty()) r.run().close();
    } finally {
      open.forEach(Tensor::close);
    }
  }

  /** Outputs for a batch of inputs laid out (n, ...inputShape) row-major. */
  public float[][] predict(float[] inputs, int n) {
    long per = 1;
    for (long d : inputShape) per *= d;
    if (inputs.length != per * n) throw new Fer4jException("predict: expected " + n + " x " + Arrays.toString(inputShape) + " values, got " + inputs.length);
    long[] full = new long[inputShape.length + 1];
    full[0] = n;
    System.arraycopy(inputShape, 0, full, 1, inputShape.length);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(full), DataBuffers.of(inputs, true, false));
         Result r = session.runner().feed(input, x).fetch(output).run()) {
      TFloat32 y = (TFloat32) r.get(0);
      int k = (int) (y.shape().size() / Math.max(1, n));
      float[] flat = new float[n * k];
      y.copyTo(DataBuffers.of(flat, false, false));
      float[][] rows = new float[n][k];
      for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, rows[i], 0, k);
      return rows;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
