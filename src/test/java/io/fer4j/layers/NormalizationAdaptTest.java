package io.fer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fer4j.data.Dataset;
import io.fer4j.model.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalization.adapt: Keras' statistics by hand, per kept axis, and the batched-dataset merge. */
class NormalizationAdaptTest {
  @Test
  void adaptPerChannelThenNormalizes() {
    // two 1x2x2 samples: channel 0 values 1, 3, 5, 7 -> mean 4, variance 5; channel 1: 2 everywhere
    float[] data = {1, 2, 3, 2, 5, 2, 7, 2};
    Normalization n = new Normalization(-1).adapt(data, 1, 2, 2);
    try (Sequential m = new Sequential(new InputLayer(1, 2, 2), n)) {
      List<float[]> w = m.getWeights();
      assertThat(w.get(0)).containsExactly(4f, 2f);
      assertThat(w.get(1)).containsExactly(5f, 0f);
      assertThat(w.get(2)).containsExactly(4f); // count: elements per statistic
      float[] y = m.predict(new float[] {9, 2, 4, 3}, 1)[0];
      assertThat((double) y[0]).isCloseTo(5 / Math.sqrt(5), within(1e-6));
      assertThat((double) y[1]).isCloseTo(0, within(1e-6));
      assertThat((double) y[3]).isCloseTo(1 / 1e-7, within(1e-6 / 1e-7)); // sqrt(0) is floored at Keras' epsilon 1e-7
    }
  }

  @Test
  void datasetAdaptMergesBatchesToTheWholeArrayStatistics() {
    int n = 37;
    float[] x = new float[n * 6];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 4 + i % 3);
    Dataset data = new Dataset() {
      @Override public int size() { return n; }
      @Override public long[] sampleShape() { return new long[] {2, 3, 1}; }
      @Override public List<String> classes() { return List.of("a"); }
      @Override public int label(int i) { return 0; }
      @Override public void copyInput(int i, float[] dst, int off) { System.arraycopy(x, i * 6, dst, off, 6); }
      @Override public String source(int i) { return "#" + i; }
    };
    Normalization whole = new Normalization(2).adapt(x, 2, 3, 1);
    Normalization batched = new Normalization(2).adapt(data, 8);
    try (Sequential a = new Sequential(new InputLayer(2, 3, 1), whole); Sequential b = new Sequential(new InputLayer(2, 3, 1), batched)) {
      List<float[]> wa = a.getWeights();
      List<float[]> wb = b.getWeights();
      assertThat(wa.get(0)).hasSize(3);
      for (int i = 0; i < 2; i++) assertThat(wb.get(i)).containsExactly(wa.get(i), within(1e-4f));
    }
  }

  @Test
  void refusesAdaptAfterBuildAndMismatchedStatistics() {
    Normalization n = new Normalization(-1);
    try (Sequential m = new Sequential(new InputLayer(3), n)) {
      m.build();
      assertThatThrownBy(() -> n.adapt(new float[] {1, 2, 3}, 3)).hasMessageContaining("adapt before the model is built");
    }
    Normalization given = new Normalization(new int[] {-1}, new float[] {1, 2}, new float[] {1, 1});
    assertThatThrownBy(() -> new Sequential(new InputLayer(3), given).build()).hasMessageContaining("mean has 2 values");
  }
}
