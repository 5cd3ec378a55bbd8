package io.fer4j.regularizers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Keras OrthogonalRegularizer (factor 0.01, mode "rows" or "columns") on a 2-D kernel:
 * L2-normalise the rows (columns) as {@code x * min(rsqrt(sum x^2), 1/1e-7)}, then {@code factor
 * * 0.5 * sum(|off-diagonal of x x^T|) / (n (n - 1) / 2)}.
 */
public record OrthogonalRegularizer(double factor, String mode) implements Regularizer {
  public OrthogonalRegularizer {
    Penalties.check("OrthogonalRegularizer", "factor", factor);
    if (!mode.equals("rows") && !mode.equals("columns")) throw new Fer4jException("OrthogonalRegularizer: mode must be rows or columns, got " + mode);
  }

  public OrthogonalRegularizer() { this(0.01, "rows"); }

  @Override
  public Operand<TFloat32> penalty(Ops tf, Operand<TFloat32> x) {
    long[] s = x.shape().asArray();
    if (s.length != 2) throw new Fer4jException("OrthogonalRegularizer applies to 2-D kernels only, got rank " + s.length);
    boolean rows = mode.equals("rows");
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(x), tf.constant(rows ? 1 : 0), ReduceSum.keepDims(true));
    Operand<TFloat32> inv = tf.math.minimum(tf.math.rsqrt(sq), tf.constant((float) (1.0 / 1e-7)));
    Operand<TFloat32> n = tf.math.mul(x, inv);
    Operand<TFloat32> product = rows ? tf.linalg.matMul(n, tf.linalg.transpose(n, tf.constant(new int[] {1, 0})))
        : tf.linalg.matMul(tf.linalg.transpose(n, tf.constant(new int[] {1, 0})), n);
    int size = (int) (rows ? s[0] : s[1]);
    float[][] off = new float[size][size];
    for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) off[i][j] = i == j ? 0f : 1f;
    Operand<TFloat32> noDiag = tf.math.mul(product, tf.constant(off));
    double pairs = size * (size - 1.0) / 2.0;
    Operand<TFloat32> sum = tf.reduceSum(tf.math.abs(noDiag), tf.constant(new int[] {0, 1}));
    return tf.math.div(tf.math.mul(tf.math.mul(tf.constant((float) factor), tf.constant(0.5f)), sum), tf.constant((float) pairs));
  }

  @Override public String kerasClassName() { return "OrthogonalRegularizer"; }

  @Override
  public void writeConfig(ObjectNode c) {
    c.put("factor", factor);
    c.put("mode", mode);
  }
}
