package io.fer4j.layers;

import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A Keras 3 operation used in a Functional graph like a layer ({@code x + 3.0},
 * {@code x * (1 / 6)}; Keras saves it as {@code keras.src.ops.numpy.Add} and so on, as MobileNetV3
 * does for hard_sigmoid): add, subtract, multiply or divide two tensors (broadcasting as numpy)
 * or a tensor and a scalar constant on either side.
 */
public final class ElementwiseOp extends Layer {
  public static final String KERAS_MODULE = "keras.src.ops.numpy";
  public static final List<String> NAMES = List.of("Add", "Subtract", "Multiply", "Divide", "TrueDivide");

  private final String op;
  private final Float constant;
  private final boolean constantFirst;

  /** @param constant the scalar argument, or null when both arguments are tensors */
  public ElementwiseOp(String op, Float constant, boolean constantFirst) {
    super(null);
    if (!NAMES.contains(op)) throw new Fer4jException("unsupported Keras op " + op + " (fer4j runs " + NAMES + ")");
    this.op = op;
    this.constant = constant;
    this.constantFirst = constantFirst;
  }

  public Float constant() { return constant; }
  public boolean constantFirst() { return constantFirst; }

  @Override public String className() { return op; }
  @Override public String kerasModule() { return KERAS_MODULE; }
  @Override public String registeredName() { return op; }

  @Override
  public long[] computeOutputShape(long[] in) {
    if (constant == null) throw new Fer4jException(op + " '" + name() + "' takes two tensors");
    return in.clone();
  }

  @Override
  public long[] computeOutputShape(List<long[]> in) {
    if (constant != null) return super.computeOutputShape(in);
    if (in.size() != 2) throw new Fer4jException(op + " '" + name() + "' takes two tensors, got " + in.size());
    long[] a = in.get(0);
    long[] b = in.get(1);
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long x = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
      long y = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
      if (x != y && x != 1 && y != 1) throw new Fer4jException(op + " '" + name() + "': shapes " + KerasTensor.shapes(in) + " do not broadcast");
      out[i] = Math.max(x, y);
    }
    return out;
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Operand<TFloat32> c = ctx.tf().constant(constant);
    return constantFirst ? apply(ctx.tf(), c, x) : apply(ctx.tf(), x, c);
  }

  @Override
  public Operand<TFloat32> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    if (constant != null) return super.call(ctx, xs);
    return apply(ctx.tf(), xs.get(0), xs.get(1));
  }

  private Operand<TFloat32> apply(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return switch (op) {
      case "Add" -> tf.math.add(a, b);
      case "Subtract" -> tf.math.sub(a, b);
      case "Multiply" -> tf.math.mul(a, b);
      default -> tf.math.div(a, b);
    };
  }
}
