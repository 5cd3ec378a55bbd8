package io.fer4j.metrics;

/** Keras {@code Recall(thresholds=0.5)}: {@code tp / (tp + fn)} over every output element, streaming. */
public class Recall extends Confusion {
  public Recall() { this(0.5); }

  public Recall(double threshold) { super("recall", threshold); }

  @Override public String className() { return "Recall"; }

  @Override public double result(double[] s) { return divNoNan(s[0], s[0] + s[2]); }
}
