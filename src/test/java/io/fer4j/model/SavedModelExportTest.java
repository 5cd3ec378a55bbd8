package io.fer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.FerModels;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.predict.SavedModelImageModel;
import io.fer4j.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * The seed model, trained a few steps (so BN statistics are not the defaults), exported as a
 * SavedModel: plain TF Java, fer4j's loader, Python TF and Keras' TFSMLayer all reproduce its
 * predictions; the export holds the inference graph only.
 */
class SavedModelExportTest {
  @TempDir static Path dir;
  static Sequential model;
  static Path export;
  static float[] x;
  static float[][] expected;
  static final int N = 6;

  @BeforeAll
  static void trainAndExport() {
    model = FerModels.seed();
    ImageData d = Datasets.synthetic(9, 0, 128);
    model.fit(d, null, new FitConfig().epochs(1).batchSize(64).verbose(0));
    x = new float[N * 48 * 48];
    for (int i = 0; i < N; i++) d.copyInput(i, x, i * 48 * 48);
    expected = model.predict(x, N);
    export = dir.resolve("export");
    model.exportSavedModel(export);
  }

  @AfterAll
  static void close() { model.close(); }

  @Test
  void signatureIsWhatTfServingExpects() {
    try (SavedModelBundle b = SavedModelBundle.load(export.toString(), "serve")) {
      Signature sig = b.signatures().stream().filter(s -> s.key().equals("serving_default")).findFirst().orElseThrow();
      assertThat(sig.methodName()).isEqualTo("tensorflow/serving/predict");
      assertThat(sig.getInputs()).containsOnlyKeys("input_layer");
      assertThat(sig.getInputs().get("input_layer").shape.asArray()).containsExactly(-1, 48, 48, 1);
      assertThat(sig.getOutputs()).containsOnlyKeys("output_0");
      assertThat(sig.getOutputs().get("output_0").shape.asArray()).containsExactly(-1, 7);
      // inference graph only: no optimizer, no gradients, no dropout randomness
      var ops = new java.util.ArrayList<String>();
      b.graph().operations().forEachRemaining(o -> ops.add(o.type()));
      assertThat(ops).doesNotContain("ApplyAdam", "RandomUniform", "FusedBatchNormGradV3");
      // variables carry Keras-style names, one per weight
      var vars = new java.util.ArrayList<String>();
      b.graph().operations().forEachRemaining(o -> { if (o.type().equals("VariableV2")) vars.add(o.name()); });
      assertThat(vars).hasSize(38).contains("conv2d/kernel", "conv2d/bias", "batch_normalization/moving_variance",
          "batch_normalization_5/gamma", "dense_2/kernel", "dense_2/bias");
    }
    assertThat(SavedModelExport.readMetadata(export).get("classes").toString()).contains("angry", "surprise");
  }

  @Test
  void javaReloadGivesIdenticalPredictions() {
    try (SavedModelImageModel m = new SavedModelImageModel(export)) {
      assertThat(m.classes()).isEqualTo(FerModels.CLASSES);
      float[][] got = m.predict(x, N);
      for (int i = 0; i < N; i++) assertThat(got[i]).containsExactly(expected[i]);
    }
  }

  @Test
  void pythonTfAndTfsmLayerGiveTheSameNumbers() throws Exception {
    Path in = dir.resolve("x.bin");
    Python.writeFloats(in, x);
    Path out = dir.resolve("py.json");
    Python.run("savedmodel_predict.py", export.toString(), in.toString(), "" + N, "48", "48", "1", out.toString());
    JsonNode r = new ObjectMapper().readTree(out.toFile());
    assertThat(r.get("input_name").asText()).isEqualTo("input_layer");
    for (String k : List.of("tf", "tfsm")) {
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < 7; j++) {
          assertThat(r.get(k).get(i).get(j).asDouble()).as("%s [%d][%d]", k, i, j).isCloseTo(expected[i][j], within(1e-5));
        }
      }
    }
    assertThat(Files.exists(export.resolve("saved_model.pb"))).isTrue();
  }
}
