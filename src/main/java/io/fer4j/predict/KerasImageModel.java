package io.fer4j.predict;

import io.fer4j.model.Model;
import java.util.List;

/** A fer4j model in memory (any topology) as an {@link ImageModel}. */
public final class KerasImageModel implements ImageModel {
  private final Model model;
  private final String description;

  public KerasImageModel(Model model, String description) {
    this.model = model;
    this.description = description;
  }

  public Model model() { return model; }
  @Override public long[] inputShape() { return model.inputShape(); }
  @Override public int numOutputs() { return model.numOutputs(); }
  @Override public List<String> classes() { return model.classNames(); }

  @Override
  public float[] inputScaling() {
    double[] s = model.inputScaling();
    return new float[] {(float) s[0], (float) s[1]};
  }

  @Override public float[][] predict(float[] inputs, int n) { return model.predict(inputs, n); }
  @Override public String describe() { return description; }
  @Override public void close() { model.close(); }
}
