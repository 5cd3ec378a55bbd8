package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.model.Sequential;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.TensorValue;
import io.fer4j.savedmodel.TinyModel;
import io.fer4j.savedmodel.VersionedExport;
import io.fer4j.testing.Python;
import io.fer4j.testing.Requirements;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python is the reference client and loader: a TF-Serving-style urllib client works unchanged
 * against {@code serve}, and {@code tf.saved_model.load} / Keras' TFSMLayer read what
 * {@code fer4j export} publishes with the numbers Java computes.
 */
class PythonClientTest {
  @TempDir Path tmp;

  @Test
  void plainTfServingClientWorksAgainstServe() throws Exception {
    Path python = Requirements.python();
    Path fixture = Requirements.fixture("keras3-fer112/savedmodel");
    VersionedExport.export(fixture.toString(), tmp.resolve("fer"), null);
    int n = 2;
    float[] x = ServingTest.images(n, 11);
    Path in = tmp.resolve("x.bin");
    Python.writeFloats(in, x);
    float[] expected;
    try (LoadedSavedModel m = SavedModels.load(fixture)) {
      expected = m.predict("serving_default", TensorValue.ofFloats(x, n, 112, 112, 1)).floats();
    }
    try (ModelManager manager = new ModelManager(List.of(ModelConfig.latest("fer", tmp.resolve("fer"))), 0, m -> {});
         ModelServer server = new ModelServer(manager, ModelServer.Options.defaults().withPort(0)).start()) {
      Path out = tmp.resolve("out.json");
      assertThat(python).exists();
      Python.run("tf_serving_client.py", "http://127.0.0.1:" + server.port(), "fer", in.toString(), "" + n, out.toString());
      JsonNode r = new ObjectMapper().readTree(out.toFile());
      assertThat(r.get("input_name").asText()).isEqualTo("input_layer");
      for (String k : List.of("row", "columnar")) {
        for (int i = 0; i < n; i++) for (int c = 0; c < 8; c++) {
          assertThat(r.get(k).get(i).get(c).floatValue()).as(k).isCloseTo(expected[i * 8 + c], within(1e-5f));
        }
      }
    }
  }

  /** A real FER2013 JPEG (48x48) through :predictImage of the 112x112 fixture equals Python TF's decode/resize/predict. */
  @Test
  void predictImageMatchesPythonPreprocessing() throws Exception {
    Requirements.python();
    Path fixture = Requirements.fixture("keras3-fer112/savedmodel");
    Path image = Requirements.shared().resolve("data/fer2013/train/happy/Training_10019449.jpg");
    assertThat(image).exists();
    VersionedExport.export(fixture.toString(), tmp.resolve("fer"), null);
    Path out = tmp.resolve("img.json");
    Python.run("predict_image.py", fixture.toString(), image.toString(), out.toString());
    JsonNode py = new ObjectMapper().readTree(out.toFile()).get("probabilities");
    try (ModelManager manager = new ModelManager(List.of(ModelConfig.latest("fer", tmp.resolve("fer"))), 0, m -> {});
         ModelServer server = new ModelServer(manager, ModelServer.Options.defaults().withPort(0)).start()) {
      Http.Reply r = Http.post("http://127.0.0.1:" + server.port() + "/v1/models/fer:predictImage", java.nio.file.Files.readAllBytes(image));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.json().get("probabilities").size()).isEqualTo(8);
      int best = 0;
      for (int k = 0; k < 8; k++) {
        assertThat(r.json().get("probabilities").get(k).floatValue()).isCloseTo(py.get(k).floatValue(), within(1e-5f));
        if (py.get(k).floatValue() > py.get(best).floatValue()) best = k;
      }
      assertThat(r.json().get("label").asText()).isEqualTo(Integer.toString(best)); // no fer4j.json: index labels
    }
  }

  @Test
  void pythonLoadsWhatExportPublishes() throws Exception {
    Requirements.python();
    Path src = tmp.resolve("tiny");
    float[] x = TinyModel.input(4, 21);
    float[][] java;
    try (Sequential m = TinyModel.export(src)) {
      java = m.predict(x, 4);
    }
    Path version = VersionedExport.export(src.toString(), tmp.resolve("models/tiny"), null);
    assertThat(version.getFileName().toString()).isEqualTo("1");
    Path in = tmp.resolve("x.bin");
    Path out = tmp.resolve("py.json");
    Python.writeFloats(in, x);
    Python.run("savedmodel_predict.py", version.toString(), in.toString(), "4", "8", "8", "1", out.toString());
    JsonNode r = new ObjectMapper().readTree(out.toFile());
    assertThat(r.get("input_name").asText()).isEqualTo("input_layer");
    for (String k : List.of("tf", "tfsm")) {
      for (int i = 0; i < 4; i++) for (int c = 0; c < 3; c++) {
        assertThat(r.get(k).get(i).get(c).floatValue()).as(k).isCloseTo(java[i][c], within(1e-5f));
      }
    }
  }
}
