package io.fer4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.layers.Activation;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.model.Model;
import io.fer4j.regularizers.L2;
import io.fer4j.saving.ModelFiles;
import io.fer4j.testing.Python;
import io.fer4j.util.FloatTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

/**
 * Optimizer state crosses between Keras and fer4j both ways: a .keras compiled and trained 2
 * steps in Python with SGD(nesterov, use_ema, ema_overwrite_frequency=3) and L2 kernels continues
 * 2 steps in Java exactly as Keras continues it (so the average and momentum slots were restored,
 * and step 3 overwrote the weights with their averages), and Keras then takes step 5 from Java's
 * file as from its own; a model trained 3 steps in Java with AdamW resumes in Keras with the same
 * next losses and weights as Java's own continuation.
 */
class OptimizerInteropTest {
  @TempDir Path work;

  @Test
  void sgdFromPythonAndAdamWFromJavaResumeOnTheOtherSide() throws Exception {
    Python.run("keras_optimizer_interop.py", "create", work.toString());
    JsonNode ref = new ObjectMapper().readTree(work.resolve("sgd_ref.json").toFile());
    try (Model m = ModelFiles.load(work.resolve("sgd.keras"))) {
      assertThat(m.isCompiled()).isTrue();
      assertThat(m.optimizer()).isInstanceOf(SGD.class);
      SGD sgd = (SGD) m.optimizer();
      assertThat(sgd.momentum()).isEqualTo(0.9);
      assertThat(sgd.nesterov()).isTrue();
      assertThat(sgd.useEma()).isTrue();
      assertThat(sgd.emaMomentum()).isEqualTo(0.9);
      assertThat(sgd.emaOverwriteFrequency()).isEqualTo(3);
      assertThat(m.iterations()).as("restored iterations").isEqualTo(2);
      assertThat(m.getLayer("dense").weightRegularizers().get("kernel")).isEqualTo(new L2(0.02));
      assertThat(m.optimizerSlots()).hasSize(2 * m.trainableWeights().size()); // average, momentum
      for (int i = 2; i <= 3; i++) {
        float loss = step(m, i);
        assertThat((double) loss).as("Java loss of step %d (from Python's state)", i + 1).isCloseTo(ref.get("losses").get(i - 2).asDouble(), org.assertj.core.api.Assertions.within(1e-5));
      }
      double d = maxDiff(m.getWeights(), ref.get("after4"));
      System.out.printf("SGD(nesterov) from Keras: weights after 2 Java steps, max |java - keras| = %.2e%n", d);
      assertThat(d).isLessThan(1e-5);
      m.save(work.resolve("java_sgd.keras"));
    }
    List<float[]> javaAfter = new ArrayList<>();
    List<Float> javaLosses = new ArrayList<>();
    try (Model a = adamwModel()) {
      for (int i = 0; i < 3; i++) step(a, i);
      a.save(work.resolve("adamw.keras"));
      for (int i = 3; i < 5; i++) javaLosses.add(step(a, i));
      javaAfter.addAll(a.getWeights());
    }
    Python.run("keras_optimizer_interop.py", "resume", work.toString());
    JsonNode res = new ObjectMapper().readTree(work.resolve("resume.json").toFile());
    assertThat(res.get("sgd_iterations_loaded").asLong()).isEqualTo(4);
    assertThat(res.get("sgd_loss5").asDouble()).isCloseTo(ref.get("losses").get(2).asDouble(), org.assertj.core.api.Assertions.within(1e-5));
    double d5 = maxDiff(ref.get("after5"), res.get("sgd_after5"));
    System.out.printf("SGD(nesterov) back in Keras: step 5 from Java's file vs Keras alone, max |d| = %.2e%n", d5);
    assertThat(d5).isLessThan(1e-5);
    assertThat(res.get("adamw_class").asText()).isEqualTo("AdamW");
    assertThat(res.get("adamw_config").get("weight_decay").asDouble()).isEqualTo(0.01);
    assertThat(res.get("adamw_iterations_loaded").asLong()).isEqualTo(3);
    assertThat(res.get("adamw_iterations").asLong()).isEqualTo(5);
    for (int i = 0; i < 2; i++) {
      assertThat(res.get("adamw_losses").get(i).asDouble()).as("Keras loss of step %d from Java's AdamW state", i + 4)
          .isCloseTo(javaLosses.get(i), org.assertj.core.api.Assertions.within(1e-5));
    }
    double da = maxDiff(javaAfter, res.get("adamw_after"));
    System.out.printf("AdamW from Java resumed in Keras: weights after 2 more steps, max |java - keras| = %.2e%n", da);
    assertThat(da).isLessThan(1e-5);
  }

  private static Model adamwModel() {
    KerasTensor in = Input.of(6, 6, 1);
    // no bias before BN: its gradient is analytically 0, and Adam scales float noise there up to lr-sized steps
    KerasTensor x = new Conv2D(4, 3).padding("same").useBias(false).kernelRegularizer(new L2(0.01)).apply(in);
    x = new Activation("relu").apply(new BatchNormalization().apply(x));
    KerasTensor out = new Dense(3, "softmax").apply(new Flatten().apply(x));
    Model m = new Model("adamw_net", in, out).seed(2);
    m.compile(new AdamW(0.01, 0.01), "categorical_crossentropy", "accuracy");
    return m;
  }

  private float step(Model m, int i) throws Exception {
    try (TFloat32 x = FloatTensors.of(read(work.resolve("x" + i + ".bin")), 8, 6, 6, 1);
        TFloat32 y = FloatTensors.of(read(work.resolve("y" + i + ".bin")), 8, 3)) {
      return m.trainOnBatch(x, y)[0];
    }
  }

  private static float[] read(Path p) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  private static double maxDiff(List<float[]> java, JsonNode keras) {
    double d = 0;
    for (int i = 0; i < java.size(); i++) for (int j = 0; j < java.get(i).length; j++) d = Math.max(d, Math.abs(java.get(i)[j] - keras.get(i).get(j).asDouble()));
    return d;
  }

  private static double maxDiff(JsonNode a, JsonNode b) {
    double d = 0;
    for (int i = 0; i < a.size(); i++) for (int j = 0; j < a.get(i).size(); j++) d = Math.max(d, Math.abs(a.get(i).get(j).asDouble() - b.get(i).get(j).asDouble()));
    return d;
  }
}
