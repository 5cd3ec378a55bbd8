package io.fer4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.layers.Activations;
import io.fer4j.layers.CenterCrop;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Conv2DTranspose;
import io.fer4j.layers.Cropping2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Dropout;
import io.fer4j.layers.ELU;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.GaussianDropout;
import io.fer4j.layers.GaussianNoise;
import io.fer4j.layers.GlobalAveragePooling2D;
import io.fer4j.layers.GlobalMaxPooling2D;
import io.fer4j.layers.GroupNormalization;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.Layer;
import io.fer4j.layers.LayerNormalization;
import io.fer4j.layers.LayerRunner;
import io.fer4j.layers.Normalization;
import io.fer4j.layers.PReLU;
import io.fer4j.layers.Permute;
import io.fer4j.layers.ReLU;
import io.fer4j.layers.Resizing;
import io.fer4j.layers.Softmax;
import io.fer4j.layers.UnitNormalization;
import io.fer4j.layers.UpSampling2D;
import io.fer4j.layers.Weight;
import io.fer4j.model.Sequential;
import io.fer4j.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Keras 3.15.1 layers against Keras itself, with one Python process for the whole class
 * (tests/python/keras_layers_oracle.py): each layer in a Keras-saved .keras loads in fer4j and
 * gives Keras' outputs in inference and (where deterministic) training mode; every activation by
 * name matches; and Sequentials built and saved by fer4j with the new layers load in Keras and
 * predict what fer4j predicts. Tolerance: |fer4j - Keras| ≤ 1e-5 · max(1, |Keras|) per element.
 */
class KerasLayersOracleTest {
  static final double TOL = 1e-5;
  static Path dir;
  static JsonNode oracle;
  static final Map<String, float[]> fer4jPredictions = new LinkedHashMap<>();

  @BeforeAll
  static void runOracle() throws Exception {
    dir = Files.createTempDirectory("fer4j-layers-oracle");
    for (Map.Entry<String, Sequential> e : fer4jModels().entrySet()) {
      try (Sequential m = e.getValue()) {
        randomizeWeights(m, e.getKey().hashCode());
        int n = 3;
        float[] x = input(n, m.inputShape(), 5);
        fer4jPredictions.put(e.getKey(), flat(m.predict(x, n)));
        m.save(dir.resolve(e.getKey() + ".keras"));
        Python.writeFloats(dir.resolve(e.getKey() + ".bin"), x);
      }
    }
    Python.run("keras_layers_oracle.py", dir.toString());
    oracle = new ObjectMapper().readTree(dir.resolve("oracle.json").toFile());
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (dir == null) return;
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Sequentials using every new layer (and option) fer4j writes, built with the Java API. */
  static Map<String, Sequential> fer4jModels() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("fer4j_norms", new Sequential("norms", new InputLayer(8, 8, 3),
        new Normalization(new int[] {-1}, new float[] {0.5f, 0.25f, -1f}, new float[] {2f, 0.5f, 4f}),
        new Conv2D(6, 3).padding("same").dilationRate(2, 2).groups(3),
        new LayerNormalization().epsilon(1e-6),
        new GroupNormalization(3),
        new PReLU(1, 2),
        new UnitNormalization(1, 2),
        new Conv2D(4, 3).groups(2).activation("hard_silu"),
        new GlobalAveragePooling2D(true),
        new Flatten(),
        new Dense(5, "mish"),
        new Softmax()));
    m.put("fer4j_shapes", new Sequential("shapes", new InputLayer(7, 6, 2),
        new Normalization(new int[0], new float[] {0.5f}, new float[] {3f}).invert(true),
        new Cropping2D(1, 0, 1, 2),
        new UpSampling2D(2, 1, "bilinear"),
        new Conv2DTranspose(3, 3, 3).strides(2, 2).padding("same"),
        new ELU(0.5),
        new Permute(2, 1, 3),
        new Resizing(6, 5).interpolation("bicubic"),
        new CenterCrop(4, 3),
        new UpSampling2D(2, 2, "nearest"),
        new Conv2DTranspose(2, 2, 3).strides(2, 1).outputPadding(1, 0),
        new GlobalMaxPooling2D(true),
        new Softmax(1, 2, 3)));
    Normalization adapted = new Normalization(3);
    Random r = new Random(5);
    float[] data = new float[40 * 5 * 5 * 2];
    for (int i = 0; i < data.length; i++) data[i] = (float) (r.nextGaussian() * 2 + (i % 2));
    adapted.adapt(data, 5, 5, 2);
    m.put("fer4j_regularizers", new Sequential("regs", new InputLayer(5, 5, 2),
        adapted,
        new Dropout(0.3).noiseShape(-1, 1, 1, 2),
        new GaussianNoise(0.2),
        new GaussianDropout(0.2),
        new ReLU(4f, 0.2f, 0.5f),
        new LayerNormalization(1, 2, 3).center(false),
        new Resizing(4, 6).cropToAspectRatio(true).interpolation("nearest"),
        new Flatten(),
        new Dense(6, "gelu"),
        new Softmax(-1)));
    m.put("fer4j_augment", new Sequential("augment", new InputLayer(6, 6, 2),
        new io.fer4j.layers.RandomFlip("horizontal"),
        new io.fer4j.layers.RandomRotation(-0.1, 0.2).fillMode("constant").fillValue(0.5),
        new io.fer4j.layers.RandomZoom(new double[] {0.1, 0.3}, new double[] {-0.2}).interpolation("nearest"),
        new io.fer4j.layers.RandomTranslation(0.1, 0.2).fillMode("wrap"),
        new io.fer4j.layers.RandomContrast(new double[] {0.2, 0.5}, new double[] {-5, 5}),
        new io.fer4j.layers.RandomBrightness(new double[] {0.3}, new double[] {-5, 5}),
        new Conv2D(3, 3),
        new Flatten()));
    return m;
  }

  static void randomizeWeights(Sequential m, long seed) {
    Random r = new Random(seed);
    List<float[]> vals = new ArrayList<>();
    for (Weight w : m.weights()) {
      float[] v = new float[(int) w.size()];
      boolean positive = w.name().equals("variance");
      for (int i = 0; i < v.length; i++) v[i] = (float) (positive ? 0.5 + Math.abs(r.nextGaussian()) : r.nextGaussian() * 0.5);
      if (w.name().equals("count") || w.layer() instanceof Normalization) v = m.getWeights().get(vals.size()); // keep adapted statistics
      vals.add(v);
    }
    m.setWeights(vals);
  }

  static float[] input(int n, long[] shape, long seed) {
    long per = 1;
    for (long d : shape) per *= d;
    Random r = new Random(seed);
    float[] x = new float[(int) (n * per)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 2);
    return x;
  }

  /** Each layer built from the config Keras serialized, with Keras' weights: inference and training outputs. */
  @TestFactory
  Stream<DynamicTest> kerasConfigsBuildLayersThatComputeAsKeras() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : oracle.get("cases")) {
      String name = c.get("name").asText();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        JsonNode lc = c.get("layer");
        Layer layer = KerasLayers.create(new LayerConfig("oracle " + name, lc.get("class_name").asText(), lc.get("config")));
        layer.setName(name);
        long[] in = longs(c.get("shape"));
        List<float[]> w = new ArrayList<>();
        for (JsonNode a : c.get("weights")) w.add(floats(a));
        float[] x = floats(c.get("input"));
        int n = c.get("n").asInt();
        assertClose(name + " inference", LayerRunner.run(layer, in, x, n, w, false, 1), floats(c.get("inference")));
        assertThat(layer.outputShape()).as(name + " output shape").containsExactly(longs(c.get("out_shape")));
        if (!c.get("training").isNull()) {
          assertClose(name + " training", LayerRunner.run(layer, in, x, n, w, true, 1), floats(c.get("training")));
        }
      }));
    }
    assertThat(tests).hasSizeGreaterThan(60);
    return tests.stream();
  }

  /** Each Keras-saved .keras (Sequential [Input, layer]) loads with ModelFiles.load and predicts as Keras. */
  @TestFactory
  Stream<DynamicTest> kerasSavedFilesLoadAndPredictAsKeras() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : oracle.get("cases")) {
      String name = c.get("name").asText();
      tests.add(DynamicTest.dynamicTest(name + ".keras", () -> {
        try (io.fer4j.model.Model m = io.fer4j.saving.ModelFiles.load(dir.resolve(name + ".keras"))) {
          assertClose(name + " predict", flat(m.predict(floats(c.get("input")), c.get("n").asInt())), floats(c.get("inference")));
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void everyKerasActivationByName() {
    JsonNode a = oracle.get("activations");
    float[] x = floats(a.get("input"));
    for (String name : Activations.NAMES) {
      assertThat(a.has(name)).as("oracle covers " + name).isTrue();
      float[] got = LayerRunner.apply(new long[] {16}, x, 4, (tf, in) -> Activations.apply(tf, name, in));
      assertClose("activation " + name, got, floats(a.get(name)));
    }
    assertClose("gelu approximate", LayerRunner.apply(new long[] {16}, x, 4, (tf, in) -> Activations.gelu(tf, in, true)), floats(a.get("gelu_approximate")));
    assertClose("gelu exact", LayerRunner.apply(new long[] {16}, x, 4, (tf, in) -> Activations.gelu(tf, in, false)), floats(a.get("gelu_exact")));
  }

  @TestFactory
  Stream<DynamicTest> fer4jSavedModelsPredictTheSameInKeras() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, float[]> e : fer4jPredictions.entrySet()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        JsonNode k = oracle.get("fer4j").get(e.getKey());
        assertThat(k).as(e.getKey() + " loaded in Keras").isNotNull();
        assertClose(e.getKey() + " in Keras", e.getValue(), floats(k.get("predictions")));
      }));
    }
    assertThat(tests).hasSize(4);
    return tests.stream();
  }

  static void assertClose(String what, float[] got, float[] expected) {
    assertThat(got.length).as(what + " size").isEqualTo(expected.length);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < got.length; i++) {
      double excess = Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
      if (!(excess <= worst) || Double.isNaN(got[i])) {
        worst = Double.isNaN(got[i]) ? Double.POSITIVE_INFINITY : excess;
        at = i;
      }
    }
    assertThat(worst).as("%s: worst scaled |diff| at %d (fer4j %s, Keras %s)", what, at, at < 0 ? "" : got[at], at < 0 ? "" : expected[at]).isLessThanOrEqualTo(TOL);
  }

  static float[] flat(float[][] rows) {
    int total = 0;
    for (float[] r : rows) total += r.length;
    float[] f = new float[total];
    int at = 0;
    for (float[] r : rows) {
      System.arraycopy(r, 0, f, at, r.length);
      at += r.length;
    }
    return f;
  }

  static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
    return f;
  }

  static long[] longs(JsonNode a) {
    long[] l = new long[a.size()];
    for (int i = 0; i < l.length; i++) l[i] = a.get(i).asLong();
    return l;
  }
}
