package io.fer4j.keras;

import io.fer4j.saving.ModelFiles;
import io.fer4j.model.Model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.layers.Activation;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Dropout;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.model.Sequential;
import io.fer4j.optimizers.Adam;
import io.fer4j.testing.Python;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Files cross between Python Keras 3.15.1 and fer4j in both directions. */
class KerasPythonInteropTest {
  @TempDir Path dir;

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"seed", "extra"})
  void modelsSavedByKerasPredictTheSameInFer4j(String variant) throws Exception {
    Python.run("keras_write_models.py", dir.toString(), variant);
    JsonNode exp = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    int n = exp.get("n").asInt();
    float[] x = readFloats(dir.resolve("input.bin"));
    float[][] expected = rows(exp.get("predictions"));
    Python.run("h5_chunked_attributes.py", dir.resolve("model.h5").toString(), dir.resolve("chunked.h5").toString());
    for (String f : List.of("model.keras", "model.h5", "chunked.h5")) {
      try (Model m = ModelFiles.load(dir.resolve(f))) {
        double d = Inputs.maxAbsDiff(m.predict(x, n), expected);
        System.out.printf("Keras %s %s layers, %s: max|diff| %.3e%n", exp.get("keras_version").asText(), variant, f, d);
        assertThat(d).as(f).isLessThanOrEqualTo(1e-4);
        assertThat(m.isCompiled()).as(f).isTrue();
        assertThat(m.iterations()).as(f).isEqualTo(exp.get("iterations").asLong());
        assertThat(m.learningRate()).as(f).isEqualTo(5e-2f, within(1e-9f));
      }
    }
  }

  /** The other supported layer types, trained by fer4j. */
  static Sequential extraModel() {
    Sequential m = new Sequential("sequential", new InputLayer(12, 12, 1));
    m.add(new io.fer4j.layers.ZeroPadding2D(1, 2, 0, 1));
    m.add(new io.fer4j.layers.DepthwiseConv2D(3, 3, 2).padding("same").strides(2, 2).activation("relu"));
    m.add(new io.fer4j.layers.ReLU(6f, 0.1f, 0.05f));
    m.add(new io.fer4j.layers.SeparableConv2D(6, 3, 3, 2).padding("same"));
    m.add(new io.fer4j.layers.LeakyReLU(0.2f));
    m.add(new io.fer4j.layers.AveragePooling2D(2).padding("same"));
    m.add(new io.fer4j.layers.SpatialDropout2D(0.3));
    m.add(new io.fer4j.layers.GlobalMaxPooling2D());
    m.add(new io.fer4j.layers.Reshape(2, 3));
    m.add(new Flatten());
    m.add(new Dense(3, "softmax"));
    m.compile(new Adam(2e-2), "categorical_crossentropy", "accuracy");
    return m;
  }

  static Sequential smallModel() {
    Sequential m = new Sequential("sequential", new InputLayer(12, 12, 1));
    m.add(new Conv2D(4, 3).padding("same"));
    m.add(new BatchNormalization());
    m.add(new Activation("relu"));
    m.add(new MaxPooling2D(2));
    m.add(new Dropout(0.25));
    m.add(new Conv2D(6, 3));
    m.add(new Flatten());
    m.add(new Dense(10));
    m.add(new BatchNormalization());
    m.add(new Activation("relu"));
    m.add(new Dense(3, "softmax"));
    m.compile(new Adam(2e-2), "categorical_crossentropy", "accuracy");
    return m;
  }

  static void trainSteps(Sequential m, int steps) {
    int b = 8;
    for (int s = 0; s < steps; s++) {
      float[] x = Inputs.pattern(b, 144);
      for (int i = 0; i < x.length; i++) x[i] = (x[i] * (s + 1)) % 1f;
      float[] y = new float[b * 3];
      for (int i = 0; i < b; i++) y[i * 3 + (i + s) % 3] = 1f;
      try (TFloat32 tx = TFloat32.tensorOf(Shape.of(b, 12, 12, 1), DataBuffers.of(x, true, false));
           TFloat32 ty = TFloat32.tensorOf(Shape.of(b, 3), DataBuffers.of(y, true, false))) {
        m.trainOnBatch(tx, ty);
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"seed", "extra"})
  void fer4jKerasFileLoadsInPythonKerasAndTrainsOn(String variant) throws Exception {
    Path file = dir.resolve("fer4j.keras");
    int n = 4;
    float[] x = Inputs.pattern(n, 144);
    float[][] expected;
    try (Sequential m = variant.equals("seed") ? smallModel() : extraModel()) {
      trainSteps(m, 2);
      expected = m.predict(x, n);
      m.save(file);
    }
    Python.writeFloats(dir.resolve("input.bin"), x);
    Python.run("keras_load_fer4j.py", file.toString(), dir.resolve("input.bin").toString(), Integer.toString(n), dir.resolve("out.json").toString());
    JsonNode out = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
    double d = Inputs.maxAbsDiff(rows(out.get("predictions")), expected);
    System.out.printf("fer4j .keras (%s layers) in Python Keras: max|diff| %.3e, iterations %d -> %d%n", variant, d, out.get("iterations").asLong(), out.get("iterations_after_step").asLong());
    assertThat(d).isLessThanOrEqualTo(1e-4);
    assertThat(out.get("iterations").asLong()).isEqualTo(2);
    assertThat(out.get("iterations_after_step").asLong()).isEqualTo(3);
    assertThat(out.get("learning_rate").asDouble()).isCloseTo(2e-2, within(1e-9));
    assertThat(out.get("loss").asDouble()).isFinite();
    if (variant.equals("seed")) assertThat(out.get("h5_objects").toString()).contains("layers/conv2d_1/vars/1", "layers/activation_1/vars", "optimizer/vars/2");
    else assertThat(out.get("h5_objects").toString()).contains("layers/separable_conv2d/vars/2", "layers/re_lu/vars", "layers/leaky_re_lu/vars");
  }

  @Test
  void fer4jKerasFileRoundTripsInFer4j() {
    Path file = dir.resolve("rt.keras");
    float[] x = Inputs.pattern(3, 144);
    try (Sequential m = smallModel()) {
      trainSteps(m, 3);
      m.save(file);
      try (Model back = ModelFiles.load(file)) {
        assertThat(Inputs.maxAbsDiff(back.predict(x, 3), m.predict(x, 3))).isZero();
        assertThat(back.iterations()).isEqualTo(3);
        assertThat(back.learningRate()).isEqualTo(m.learningRate());
        List<float[]> a = m.optimizerSlots();
        List<float[]> b = back.optimizerSlots();
        for (int i = 0; i < a.size(); i++) assertThat(b.get(i)).containsExactly(a.get(i));
        List<float[]> wa = m.getWeights();
        List<float[]> wb = back.getWeights();
        for (int i = 0; i < wa.size(); i++) assertThat(wb.get(i)).containsExactly(wa.get(i));
      }
    }
  }

  static float[] readFloats(Path p) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  static float[][] rows(JsonNode arr) {
    float[][] r = new float[arr.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new float[arr.get(i).size()];
      for (int j = 0; j < r[i].length; j++) r[i][j] = (float) arr.get(i).get(j).asDouble();
    }
    return r;
  }
}
