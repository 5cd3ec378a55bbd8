package io.fer4j.initializers;

import io.fer4j.layers.Initializer;
import java.util.Random;

/**
 * Keras {@code Orthogonal(gain)}: a (rows = product of all but the last dim, cols = last dim)
 * matrix with orthonormal columns (or rows, when rows &lt; cols), times gain. Keras takes Q of the QR
 * of a normal matrix with sign(diag R) folded in, which is the Q with a positive R diagonal:
 * exactly what Gram-Schmidt gives, computed here in double precision.
 */
public record Orthogonal(double gain) implements Initializer {
  @Override public String kerasName() { return "Orthogonal"; }

  @Override
  public float[] values(long[] shape, Random r) {
    int count = Fans.count(shape);
    if (shape.length < 2) throw new io.fer4j.Fer4jException("the Orthogonal initializer needs a weight of rank >= 2, got shape " + java.util.Arrays.toString(shape));
    int cols = (int) shape[shape.length - 1];
    int rows = count / cols;
    int m = Math.max(rows, cols);
    int n = Math.min(rows, cols);
    double[][] q = new double[n][m]; // n orthonormal vectors of length m
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) q[j][i] = r.nextGaussian();
      for (int k = 0; k < j; k++) { // modified Gram-Schmidt
        double dot = 0;
        for (int i = 0; i < m; i++) dot += q[j][i] * q[k][i];
        for (int i = 0; i < m; i++) q[j][i] -= dot * q[k][i];
      }
      double norm = 0;
      for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) q[j][i] /= norm;
    }
    float[] v = new float[count];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        double x = rows >= cols ? q[col][row] : q[row][col]; // (rows, cols) = Q, or Q transposed
        v[row * cols + col] = (float) (gain * x);
      }
    }
    return v;
  }
}
