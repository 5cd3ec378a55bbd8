package io.fer4j.initializers;

import io.fer4j.layers.Initializer;
import java.util.Random;

/** Keras {@code Constant(value)} (and Zeros, Ones): every element the same value. */
public record Constant(double value, String kerasName) implements Initializer {
  public Constant(double value) { this(value, "Constant"); }

  @Override
  public float[] values(long[] shape, Random r) {
    float[] v = new float[Fans.count(shape)];
    java.util.Arrays.fill(v, (float) value);
    return v;
  }
}
