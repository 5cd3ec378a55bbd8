package io.fer4j.predict;

import io.fer4j.model.Sequential;
import java.util.List;

/** A fer4j model in memory as an {@link ImageModel}. */
public final class SequentialImageModel implements ImageModel {
  private final Sequential model;
  private final String description;

  public SequentialImageModel(Sequential model, String description) {
    this.model = model;
    this.description = description;
  }

  public Sequential model() { return model; }
  @Override public long[] inputShape() { return model.inputShape(); }
  @Override public int numOutputs() { return model.numOutputs(); }
  @Override public List<String> classes() { return model.classNames(); }
  @Override public float[][] predict(float[] inputs, int n) { return model.predict(inputs, n); }
  @Override public String describe() { return description; }
  @Override public void close() { model.close(); }
}
