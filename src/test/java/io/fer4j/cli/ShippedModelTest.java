package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.saving.ModelFiles;
import io.fer4j.model.Model;
import io.fer4j.model.Sequential;
import io.fer4j.testing.Python;
import io.fer4j.testing.Requirements;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A model fer4j ships (a savedmodels/fer/N version and its .keras file): it loads in plain TF Java,
 * Python TF, Keras' TFSMLayer and Keras itself with the same outputs through the same
 * serving_default signature, and scores on the held-out tenth of FER2013 train what the README
 * reports. Subclasses name the version.
 */
abstract class ShippedModelTest {
  static final int N = 8;
  @TempDir Path tmp;
  float[] x;
  float[][] plain;

  abstract Path saved();

  abstract Path keras();

  abstract long params();

  /** The README's validation accuracy, rounded down to two places. */
  abstract double validationAccuracyAtLeast();

  @BeforeEach
  void runInPlainTfJava() {
    Path dir = saved();
    ImageData d = Datasets.synthetic(Datasets.SYNTHETIC_SEED, Datasets.SYNTHETIC_EVAL_OFFSET, N).scaled(1 / 255f, 0);
    x = new float[N * 48 * 48];
    for (int i = 0; i < N; i++) d.copyInput(i, x, i * 48 * 48);
    plain = new float[N][];
    try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
      Signature sig = b.signatures().stream().filter(s -> s.key().equals("serving_default")).findFirst().orElseThrow();
      assertThat(sig.getInputs()).containsOnlyKeys("input_layer");
      assertThat(sig.getOutputs()).containsOnlyKeys("output_0");
      try (TFloat32 in = TFloat32.tensorOf(Shape.of(N, 48, 48, 1), DataBuffers.of(x));
          Result r = b.session().runner().feed(sig.getInputs().get("input_layer").name, in)
              .fetch(sig.getOutputs().get("output_0").name).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        assertThat(out.shape().asArray()).containsExactly(N, 7);
        for (int i = 0; i < N; i++) {
          plain[i] = new float[7];
          for (int j = 0; j < 7; j++) plain[i][j] = out.getFloat(i, j);
        }
      }
    }
    for (float[] p : plain) {
      double sum = 0;
      for (float v : p) sum += v;
      assertThat(sum).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void kerasFileHoldsTheSameModel() {
    try (Model m = ModelFiles.load(keras())) {
      assertThat(m.countParams()).isEqualTo(params());
      float[][] got = m.predict(x, N);
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < 7; j++) assertThat(got[i][j]).as("[%d][%d]", i, j).isCloseTo(plain[i][j], within(1e-5f));
      }
    }
  }

  @Test
  void pythonTfTfsmLayerAndKerasGiveTheSameNumbers() throws Exception {
    Path in = tmp.resolve("x.bin");
    Python.writeFloats(in, x);
    Path sm = tmp.resolve("sm.json");
    Python.run("savedmodel_predict.py", saved().toAbsolutePath().toString(), in.toString(), "" + N, "48", "48", "1", sm.toString());
    Path ks = tmp.resolve("keras.json");
    Python.run("keras_predict.py", keras().toAbsolutePath().toString(), in.toString(), "" + N, ks.toString());
    ObjectMapper json = new ObjectMapper();
    JsonNode s = json.readTree(sm.toFile());
    JsonNode k = json.readTree(ks.toFile());
    assertThat(k.get("params").asLong()).isEqualTo(params());
    for (JsonNode probs : List.of(s.get("tf"), s.get("tfsm"), k.get("predictions"))) {
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < 7; j++) assertThat(probs.get(i).get(j).asDouble()).as("[%d][%d]", i, j).isCloseTo(plain[i][j], within(1e-5));
      }
    }
  }

  @Test
  void scoresWhatTheReadmeSaysOnTheHeldOutTenth() throws Exception {
    Path data = Requirements.shared().resolve("data/fer2013/train");
    Cli.Run r = Cli.run("evaluate", "--model", saved().toString(), "--data", data.toString(), "--subset", "validation", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("samples").asInt()).isEqualTo(2873);
    assertThat(j.get("accuracy").asDouble()).isGreaterThanOrEqualTo(validationAccuracyAtLeast());
  }
}
