package io.fer4j.metrics;

/** Keras {@code Precision(thresholds=0.5)}: {@code tp / (tp + fp)} over every output element, streaming. */
public class Precision extends Confusion {
  public Precision() { this(0.5); }

  public Precision(double threshold) { super("precision", threshold); }

  @Override public String className() { return "Precision"; }

  @Override public double result(double[] s) { return divNoNan(s[0], s[0] + s[1]); }
}
