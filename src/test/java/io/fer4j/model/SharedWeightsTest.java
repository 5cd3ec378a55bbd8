package io.fer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.Input;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.KerasTensor;
import io.fer4j.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Weights are shared between the models that contain the same layers, as Keras variables are: a
 * trained base under a new head, a feature extractor on another model's tensors and a nested
 * model taken out with getLayer all compute with the base's current values (not fresh
 * initializers), training one model moves the weights every other model sees, and a closed
 * model's values still seed models built after it.
 */
class SharedWeightsTest {
  static final float[] X = new float[3 * 36];
  static {
    Random r = new Random(1);
    for (int i = 0; i < X.length; i++) X[i] = r.nextFloat();
  }

  /** A base whose weights are far from its initializers. */
  static Sequential base() {
    Sequential b = new Sequential("base", new InputLayer(6, 6, 1), new Flatten(), new Dense(4, "relu"));
    List<float[]> w = new ArrayList<>();
    for (float[] a : b.getWeights()) {
      float[] v = new float[a.length];
      for (int i = 0; i < v.length; i++) v[i] = 0.05f * ((i * 7) % 11) - 0.2f;
      w.add(v);
    }
    b.setWeights(w);
    return b;
  }

  @Test
  void aBaseUnderANewHeadAndAFeatureExtractorComputeWithTheBasesValues() {
    try (Sequential b = base()) {
      float[][] features = b.predict(X, 3);
      KerasTensor in = Input.of(6, 6, 1);
      try (Model extractor = new Model("extractor", in, b.apply(in))) {
        assertThat(extractor.predict(X, 3)).isDeepEqualTo(features);
      }
      KerasTensor in2 = Input.of(6, 6, 1);
      try (Model full = new Model("full", in2, new Dense(3, "softmax").apply(b.apply(in2)))) {
        same(full.getWeights().subList(0, 2), b.getWeights());
        Model nested = (Model) full.getLayer("base");
        assertThat(nested.predict(X, 3)).isDeepEqualTo(features);
      }
    }
  }

  @Test
  void trainingOneModelMovesTheWeightsTheOthersSee() {
    try (Sequential b = base()) {
      List<float[]> before = b.getWeights();
      KerasTensor in = Input.of(6, 6, 1);
      try (Model full = new Model("full", in, new Dense(3, "softmax").apply(b.apply(in)))) {
        full.compile(new SGD(0.5), "categorical_crossentropy", "accuracy");
        float[] y = new float[3 * 3];
        for (int i = 0; i < 3; i++) y[i * 3 + i] = 1;
        try (var tx = io.fer4j.util.FloatTensors.of(X, 3, 6, 6, 1); var ty = io.fer4j.util.FloatTensors.of(y, 3, 3)) {
          for (int s = 0; s < 3; s++) full.trainOnBatch(tx, ty);
        }
        List<float[]> trained = full.getWeights().subList(0, 2);
        assertThat(trained.get(0)).isNotEqualTo(before.get(0));
        same(b.getWeights(), trained); // the base model sees what training the full model did
        // and the other way: setting the base's weights changes the full model's
        b.setWeights(before);
        same(full.getWeights().subList(0, 2), before);
      }
    }
  }

  @Test
  void aClosedModelsValuesSeedModelsBuiltAfterIt() {
    Sequential b = base();
    float[][] features = b.predict(X, 3);
    b.close();
    KerasTensor in = Input.of(6, 6, 1);
    try (Model extractor = new Model("extractor", in, b.apply(in))) {
      assertThat(extractor.predict(X, 3)).isDeepEqualTo(features);
    }
  }

  private static void same(List<float[]> a, List<float[]> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) assertThat(a.get(i)).as("weight %d", i).containsExactly(b.get(i));
  }
}
