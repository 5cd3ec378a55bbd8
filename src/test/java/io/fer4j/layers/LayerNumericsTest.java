package io.fer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer4j.model.Sequential;
import io.fer4j.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Each layer's forward pass, BN statistics and one Adam step against values computed by hand. */
class LayerNumericsTest {
  private static float[] range(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = i;
    return v;
  }

  @Test
  void conv2dSamePaddingKernelLayoutHwio() {
    // 3x3 input 1..9, one filter: kernel all zeros except the centre (1) and the top-left (10)
    try (Sequential m = new Sequential(new InputLayer(3, 3, 1), new Conv2D(1, 3).padding("same"))) {
      float[] k = new float[9];
      k[4] = 1; // (kh=1, kw=1)
      k[0] = 10; // (kh=0, kw=0) multiplies the pixel up-left of the centre
      m.setWeights(List.of(k, new float[] {0.5f}));
      float[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
      float[] out = m.predict(in, 1)[0];
      // out(i,j) = x(i,j) + 10 x(i-1,j-1) + 0.5, zero outside
      float[] expected = {1.5f, 2.5f, 3.5f, 4.5f, 15.5f, 26.5f, 7.5f, 48.5f, 59.5f};
      assertThat(out).containsExactly(expected, within(1e-5f));
    }
  }

  @Test
  void validPaddingAndStridesShapes() {
    Conv2D c = new Conv2D(8, 5);
    c.setName("c");
    assertThat(c.computeOutputShape(new long[] {48, 48, 1})).containsExactly(44, 44, 8);
    assertThat(new Conv2D(8, 3).padding("same").strides(2, 2).computeOutputShape(new long[] {48, 48, 1})).containsExactly(24, 24, 8);
    assertThat(new MaxPooling2D(2).computeOutputShape(new long[] {5, 5, 3})).containsExactly(2, 2, 3);
  }

  @Test
  void maxPoolingTakesWindowMaxima() {
    try (Sequential m = new Sequential(new InputLayer(4, 4, 1), new MaxPooling2D(2))) {
      assertThat(m.predict(range(16), 1)[0]).containsExactly(5, 7, 13, 15);
    }
  }

  @Test
  void flattenUsesHwcOrderAndDenseIsXwPlusB() {
    // (2,2,2) input whose value at (h,w,c) is its HWC flat index; identity kernel → output is 0..7
    try (Sequential m = new Sequential(new InputLayer(2, 2, 2), new Flatten(), new Dense(8))) {
      float[] eye = new float[64];
      for (int i = 0; i < 8; i++) eye[i * 8 + i] = 1;
      float[] bias = {1, 0, 0, 0, 0, 0, 0, 0};
      m.setWeights(List.of(eye, bias));
      assertThat(m.predict(range(8), 1)[0]).containsExactly(new float[] {1, 1, 2, 3, 4, 5, 6, 7}, within(1e-6f));
    }
  }

  @Test
  void softmaxDense() {
    try (Sequential m = new Sequential(new InputLayer(2), new Dense(2, "softmax"))) {
      m.setWeights(List.of(new float[] {1, 0, 0, 1}, new float[] {0, 0}));
      float[] p = m.predict(new float[] {2, 0}, 1)[0];
      double e = Math.exp(2);
      assertThat((double) p[0]).isCloseTo(e / (e + 1), within(1e-6));
      assertThat((double) p[1]).isCloseTo(1 / (e + 1), within(1e-6));
    }
  }

  @Test
  void batchNormInferenceUsesMovingStatistics() {
    try (Sequential m = new Sequential(new InputLayer(2), new BatchNormalization())) {
      // gamma, beta, moving_mean, moving_variance
      m.setWeights(List.of(new float[] {2, 1}, new float[] {0.5f, 0}, new float[] {1, -1}, new float[] {4, 0.25f}));
      float[] y = m.predict(new float[] {3, 0}, 1)[0];
      assertThat((double) y[0]).isCloseTo(2 * (3 - 1) / Math.sqrt(4 + 1e-3) + 0.5, within(1e-5));
      assertThat((double) y[1]).isCloseTo(1 * (0 + 1) / Math.sqrt(0.25 + 1e-3), within(1e-5));
    }
  }

  @Test
  void batchNormTrainingUpdatesMovingStatsWithBiasedVariance() {
    try (Sequential m = new Sequential(new InputLayer(1), new BatchNormalization(), new Dense(2, "softmax"))) {
      m.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
      float[] x = {1, 2, 3, 6};
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(4, 1), DataBuffers.of(x, true, false));
           TFloat32 yt = TFloat32.tensorOf(Shape.of(4, 2), DataBuffers.of(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, true, false))) {
        m.trainOnBatch(xt, yt);
      }
      List<float[]> w = m.getWeights();
      double mean = 3;
      double biasedVar = (4 + 1 + 0 + 9) / 4.0; // 3.5 (the unbiased one would be 4.667)
      assertThat((double) w.get(2)[0]).isCloseTo(0.01 * mean, within(1e-6));
      assertThat((double) w.get(3)[0]).isCloseTo(0.99 + 0.01 * biasedVar, within(1e-6));
    }
  }

  @Test
  void dropoutIsIdentityAtInference() {
    try (Sequential a = new Sequential(new InputLayer(4), new Dropout(0.5), new Dense(3));
         Sequential b = new Sequential(new InputLayer(4), new Dense(3))) {
      b.setWeights(a.getWeights());
      float[] x = {1, -2, 3, 0.5f};
      assertThat(a.predict(x, 1)[0]).containsExactly(b.predict(x, 1)[0]);
    }
  }

  @Test
  void glorotUniformBoundsAndZeroBias() {
    try (Sequential m = new Sequential(new InputLayer(48, 48, 1), new Conv2D(36, 3).padding("same"))) {
      List<float[]> w = m.getWeights();
      double limit = Math.sqrt(6.0 / (9 * 1 + 9 * 36));
      double maxAbs = 0;
      for (float v : w.get(0)) maxAbs = Math.max(maxAbs, Math.abs(v));
      assertThat(maxAbs).isLessThanOrEqualTo(limit).isGreaterThan(0.9 * limit);
      assertThat(w.get(1)).containsOnly(0f);
    }
  }

  @Test
  void oneAdamStepMatchesKerasFormula() {
    try (Sequential m = new Sequential(new InputLayer(1), new Dense(2, "softmax"))) {
      m.compile(new Adam(0.1), "categorical_crossentropy", "accuracy");
      m.setWeights(List.of(new float[] {0, 0}, new float[] {0, 0}));
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(1, 1), DataBuffers.of(new float[] {2}, true, false));
           TFloat32 yt = TFloat32.tensorOf(Shape.of(1, 2), DataBuffers.of(new float[] {1, 0}, true, false))) {
        float[] lossAcc = m.trainOnBatch(xt, yt);
        assertThat((double) lossAcc[0]).isCloseTo(Math.log(2), within(1e-6));
      }
      // p = (0.5, 0.5); dL/dlogits = p - y = (-0.5, 0.5); kernel grad = x * that = (-1, 1); bias grad (-0.5, 0.5)
      // step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(1-0.999)/(1-0.9); update = alpha m / (sqrt(v) + 1e-7)
      double alpha = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
      double[] g = {-1, 1, -0.5, 0.5};
      List<float[]> w = m.getWeights();
      double[] got = {w.get(0)[0], w.get(0)[1], w.get(1)[0], w.get(1)[1]};
      for (int i = 0; i < 4; i++) {
        double expected = -alpha * (0.1 * g[i]) / (Math.sqrt(0.001 * g[i] * g[i]) + 1e-7);
        assertThat(got[i]).isCloseTo(expected, within(1e-6));
      }
      assertThat(m.iterations()).isEqualTo(1);
      List<float[]> slots = m.optimizerSlots();
      assertThat((double) slots.get(0)[0]).isCloseTo(-0.1, within(1e-7)); // kernel m
      assertThat((double) slots.get(1)[0]).isCloseTo(0.001, within(1e-7)); // kernel v (float32)
    }
  }

  @Test
  void learningRateLivesInAVariable() {
    try (Sequential m = new Sequential(new InputLayer(1), new Dense(2, "softmax"))) {
      m.compile(new Adam(1e-4), "categorical_crossentropy", "accuracy");
      assertThat((double) m.learningRate()).isCloseTo(1e-4, within(1e-10));
      m.setLearningRate(5e-5);
      assertThat((double) m.learningRate()).isCloseTo(5e-5, within(1e-10));
    }
  }

  @Test
  void kerasSnakeCaseNames() {
    assertThat(Layer.snakeCase("Conv2D")).isEqualTo("conv2d");
    assertThat(Layer.snakeCase("MaxPooling2D")).isEqualTo("max_pooling2d");
    assertThat(Layer.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
    assertThat(Layer.snakeCase("GlobalAveragePooling2D")).isEqualTo("global_average_pooling2d");
  }
}
