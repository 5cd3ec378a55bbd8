package io.fer4j.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import io.fer4j.keras.KerasFiles;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Initializer;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.model.Model;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keras' initializers by name: values cannot match Keras' random bits, so each distribution is
 * checked instead (bounds, mean and standard deviation for its fans, orthogonality), and a
 * config's kernel_initializer/bias_initializer (Keras 3 and tf.keras 2 forms) reaches the weights.
 */
class InitializersTest {
  static final long[] CONV = {3, 3, 32, 64}; // fan_in 288, fan_out 576

  static double[] meanStdMax(float[] v) {
    double s = 0, ss = 0, max = 0;
    for (float x : v) {
      s += x;
      max = Math.max(max, Math.abs(x));
    }
    double mean = s / v.length;
    for (float x : v) ss += (x - mean) * (x - mean);
    return new double[] {mean, Math.sqrt(ss / v.length), max};
  }

  /** name, expected std, bound of |x| (uniform limit, or 2 sigma of the truncated normal; 0 = none). */
  @Test
  void varianceScalingFamilyHasKerasMomentsAndBounds() {
    double fanIn = 288, fanOut = 576, avg = (fanIn + fanOut) / 2;
    Object[][] cases = {
        {"glorot_uniform", Math.sqrt(1 / avg), Math.sqrt(3 / avg)},
        {"glorot_normal", Math.sqrt(1 / avg), 2 * Math.sqrt(1 / avg) / 0.87962566103423978},
        {"he_normal", Math.sqrt(2 / fanIn), 2 * Math.sqrt(2 / fanIn) / 0.87962566103423978},
        {"he_uniform", Math.sqrt(2 / fanIn), Math.sqrt(6 / fanIn)},
        {"lecun_normal", Math.sqrt(1 / fanIn), 2 * Math.sqrt(1 / fanIn) / 0.87962566103423978},
        {"lecun_uniform", Math.sqrt(1 / fanIn), Math.sqrt(3 / fanIn)},
        {"random_normal", 0.05, 0.0},
        {"truncated_normal", 0.05 * 0.87962566103423978, 0.1},
        {"random_uniform", 0.05 / Math.sqrt(3), 0.05},
    };
    for (Object[] c : cases) {
      float[] v = Initializers.get((String) c[0]).values(CONV, new Random(1));
      double[] m = meanStdMax(v);
      double std = (double) c[1];
      assertThat(m[0]).as("%s mean", c[0]).isCloseTo(0, within(0.03 * std));
      assertThat(m[1]).as("%s std", c[0]).isCloseTo(std, within(0.02 * std));
      if ((double) c[2] > 0) {
        assertThat(m[2]).as("%s bound", c[0]).isLessThanOrEqualTo((double) c[2] * (1 + 1e-6));
        assertThat(m[2]).as("%s reaches near its bound", c[0]).isGreaterThan((double) c[2] * 0.95);
      }
    }
  }

  @Test
  void varianceScalingModesAndDistributions() {
    for (String mode : List.of("fan_in", "fan_out", "fan_avg")) {
      double n = mode.equals("fan_in") ? 288 : mode.equals("fan_out") ? 576 : 432;
      for (String dist : List.of("uniform", "truncated_normal", "untruncated_normal", "normal")) {
        VarianceScaling vs = new VarianceScaling(3.0, mode, dist);
        double[] m = meanStdMax(vs.values(CONV, new Random(2)));
        assertThat(vs.variance(CONV)).isCloseTo(3.0 / n, within(1e-12));
        assertThat(m[1]).as("%s %s std", mode, dist).isCloseTo(Math.sqrt(3.0 / n), within(0.02 * Math.sqrt(3.0 / n)));
        if (dist.equals("uniform")) assertThat(m[2]).isLessThanOrEqualTo(Math.sqrt(9.0 / n));
        if (dist.equals("untruncated_normal")) assertThat(m[2]).as("untruncated tails").isGreaterThan(2.5 * Math.sqrt(3.0 / n));
      }
    }
    assertThatThrownBy(() -> new VarianceScaling(1, "fan_sum", "uniform")).hasMessageContaining("mode");
  }

  @Test
  void orthogonalHasOrthonormalColumnsOrRowsTimesGain() {
    for (long[] shape : List.of(new long[] {40, 12}, new long[] {12, 40}, new long[] {3, 3, 4, 16})) {
      float[] v = new Orthogonal(2.0).values(shape, new Random(3));
      int cols = (int) shape[shape.length - 1];
      int rows = v.length / cols;
      boolean byCols = rows >= cols;
      int k = Math.min(rows, cols);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double dot = 0;
          for (int i = 0; i < Math.max(rows, cols); i++) {
            dot += byCols ? v[i * cols + a] * v[i * cols + b] : v[a * cols + i] * v[b * cols + i];
          }
          assertThat(dot).as("shape %s: <q%d, q%d>", java.util.Arrays.toString(shape), a, b).isCloseTo(a == b ? 4.0 : 0.0, within(1e-5));
        }
      }
    }
  }

  @Test
  void constantsAndJavaBuiltLayers() {
    assertThat(Initializers.get("ones").values(new long[] {3}, new Random())).containsExactly(1f, 1f, 1f);
    assertThat(new Constant(0.5).values(new long[] {2}, new Random())).containsExactly(0.5f, 0.5f);
    KerasTensor in = Input.of(256);
    Dense d = new Dense(128);
    d.initializer("kernel", Initializers.get("he_uniform")).initializer("bias", new Constant(0.25));
    try (Model m = new Model(in, d.apply(in))) {
      List<float[]> w = m.getWeights();
      double[] k = meanStdMax(w.get(0));
      assertThat(k[2]).isLessThanOrEqualTo(Math.sqrt(6.0 / 256) * (1 + 1e-6));
      assertThat(k[1]).isCloseTo(Math.sqrt(2.0 / 256), within(0.03 * Math.sqrt(2.0 / 256)));
      assertThat(w.get(1)).containsOnly(0.25f);
    }
  }

  static JsonNode dense(String kernelInit, String biasInit) throws Exception {
    String json = """
        {"class_name": "Sequential", "config": {"name": "s", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 400], "name": "in"}},
          {"class_name": "Dense", "config": {"name": "d", "units": 300, "activation": "linear", "use_bias": true,
            "kernel_initializer": %s, "bias_initializer": %s}}]}}""".formatted(kernelInit, biasInit);
    return new ObjectMapper().readTree(json);
  }

  @Test
  void configInitializersReachTheWeightsInKeras3AndTfKeras2Forms() throws Exception {
    String keras3 = "{\"module\": \"keras.initializers\", \"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_out\", \"distribution\": \"truncated_normal\", \"seed\": null}, \"registered_name\": null}";
    try (Model m = KerasFiles.fromConfig("k3.json", dense(keras3, "{\"class_name\": \"Constant\", \"config\": {\"value\": -1.5}}"))) {
      List<float[]> w = m.getWeights();
      double[] k = meanStdMax(w.get(0));
      assertThat(k[1]).isCloseTo(Math.sqrt(2.0 / 300), within(0.02 * Math.sqrt(2.0 / 300)));
      assertThat(k[2]).isLessThanOrEqualTo(2 * Math.sqrt(2.0 / 300) / 0.87962566103423978 * (1 + 1e-6));
      assertThat(w.get(1)).containsOnly(-1.5f);
    }
    try (Model m = KerasFiles.fromConfig("k2.json", dense("{\"class_name\": \"RandomNormal\", \"config\": {\"mean\": 1.0, \"stddev\": 0.2, \"seed\": 3}}", "\"ones\""))) {
      double[] k = meanStdMax(m.getWeights().get(0));
      assertThat(k[0]).isCloseTo(1.0, within(0.005));
      assertThat(k[1]).isCloseTo(0.2, within(0.004));
      assertThat(m.getWeights().get(1)).containsOnly(1f);
    }
    assertThatThrownBy(() -> KerasFiles.fromConfig("bad.json", dense("\"identity\"", "\"zeros\"")))
        .isInstanceOf(Fer4jException.class)
        .hasMessageContaining("bad.json").hasMessageContaining("'d'").hasMessageContaining("kernel_initializer").hasMessageContaining("identity");
  }

  @Test
  void defaultsStayGlorotUniformAndZeros() {
    KerasTensor in = Input.of(50);
    try (Model m = new Model(in, new Dense(70).apply(in))) {
      assertThat(m.weights().get(0).initializer().kerasName()).isEqualTo("GlorotUniform");
      assertThat(m.weights().get(1).initializer()).isSameAs(Initializer.ZEROS);
    }
  }
}
