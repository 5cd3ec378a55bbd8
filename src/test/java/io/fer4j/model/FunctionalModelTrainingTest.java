package io.fer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.layers.Activation;
import io.fer4j.layers.Add;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Concatenate;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.GlobalAveragePooling2D;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Adam;
import io.fer4j.saving.ModelFiles;
import io.fer4j.testing.Python;
import io.fer4j.util.FloatTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functional models built in Java train as Keras trains them: a DAG with Add, Concatenate,
 * BatchNormalization and a frozen layer takes the same 3 train_on_batch steps as Keras 3.15.1
 * (which loads it from fer4j's .keras), and a trained residual net saved as .keras loads in
 * Keras with the same outputs and keeps training from the restored optimizer iterations; its
 * SavedModel runs in Python TF and TFSMLayer.
 */
class FunctionalModelTrainingTest {
  @TempDir Path work;

  /** in → [conv3x3 → BN → relu] + [frozen conv1x1] → Add → Concatenate(with in) → pool → dense. */
  static Model dag() {
    KerasTensor in = Input.of(8, 8, 2);
    KerasTensor a = new Conv2D(4, 3).padding("same").useBias(false).apply(in);
    a = new BatchNormalization().apply(a);
    a = new Activation("relu").apply(a);
    Conv2D frozen = new Conv2D(4, 1).useBias(false);
    KerasTensor b = frozen.apply(in);
    frozen.setTrainable(false);
    KerasTensor x = new Add().apply(a, b);
    x = new Concatenate().apply(x, in);
    x = new MaxPooling2D(2).apply(x);
    x = new Flatten().apply(x);
    KerasTensor out = new Dense(3, "softmax").apply(x);
    Model m = new Model("dag", in, out).seed(7);
    m.compile(new Adam(1e-2), "categorical_crossentropy", "accuracy");
    return m;
  }

  @Test
  void threeTrainStepsOfADagMatchKeras() throws Exception {
    int batch = 16;
    int steps = 3;
    Random r = new Random(3);
    byte[] px = new byte[batch * steps * 128];
    r.nextBytes(px);
    int[] labels = new int[batch * steps];
    for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(3);
    ImageData data = new ImageData(px, 8, 8, 2, labels, List.of("a", "b", "c"), null);
    try (Model m = dag()) {
      assertThat(m.layers()).extracting(io.fer4j.layers.Layer::name).containsExactly("input_layer", "conv2d", "batch_normalization",
          "activation", "conv2d_1", "add", "concatenate", "max_pooling2d", "flatten", "dense");
      m.save(work.resolve("model.keras"));
      Files.writeString(work.resolve("spec.json"), "{\"batch\": " + batch + ", \"steps\": " + steps + "}");
      List<Float> losses = new ArrayList<>();
      try (BatchPrefetcher bp = new BatchPrefetcher(data, Model.epochOrder(data.size(), 0, 0, false), batch, 1, 1)) {
        for (int s = 0; s < steps; s++) {
          try (Batch bt = bp.make(s)) {
            Python.writeFloats(work.resolve("x" + s + ".bin"), FloatTensors.floats(bt.x()));
            Python.writeFloats(work.resolve("y" + s + ".bin"), FloatTensors.floats(bt.y()));
            losses.add(m.trainOnBatch(bt.x(), bt.y())[0]);
          }
        }
      }
      Python.run("keras_dag_parity.py", work.toString());
      JsonNode out = new ObjectMapper().readTree(work.resolve("out.json").toFile());
      List<String> names = new ArrayList<>();
      out.get("layers").forEach(n -> names.add(n.asText()));
      assertThat(names).as("Keras' model.layers order").isEqualTo(m.layers().stream().map(io.fer4j.layers.Layer::name).toList());
      List<String> trainable = new ArrayList<>();
      out.get("trainable").forEach(n -> trainable.add(n.asText()));
      Map<Weight, String> paths = m.variablePaths();
      assertThat(trainable).as("trainable weights (the frozen conv excluded)").isEqualTo(m.trainableWeights().stream().map(paths::get).toList());
      for (int s = 0; s < steps; s++) {
        assertThat((double) losses.get(s)).as("loss of step %d", s).isCloseTo(out.get("losses").get(s).asDouble(), within(1e-5));
      }
      assertThat(m.iterations()).isEqualTo(out.get("iterations").asLong());
      List<float[]> w = m.getWeights();
      List<Weight> ws = m.weights();
      for (int i = 0; i < w.size(); i++) {
        double d = 0;
        for (int j = 0; j < w.get(i).length; j++) d = Math.max(d, Math.abs(w.get(i)[j] - out.get("weights").get(i).get(j).asDouble()));
        System.out.printf("DAG parity: max |java - keras| %s = %.3g%n", paths.get(ws.get(i)), d);
        assertThat(d).as("weight %s after %d steps", paths.get(ws.get(i)), steps).isLessThan(1e-5);
      }
    }
  }

  /** A small residual net with Add and Concatenate, for the Functional API's round trips. */
  static Model residual() {
    KerasTensor in = Input.of(48, 48, 1);
    KerasTensor x = new Conv2D(8, 3).padding("same").useBias(false).apply(in);
    x = new BatchNormalization().apply(x);
    x = new Activation("relu").apply(x);
    KerasTensor y = new Conv2D(8, 3).padding("same").useBias(false).apply(x);
    y = new BatchNormalization().apply(y);
    KerasTensor z = new Activation("relu").apply(new Add().apply(x, y));
    z = new MaxPooling2D(2).apply(new Concatenate().apply(z, x));
    z = new GlobalAveragePooling2D().apply(z);
    Model m = new Model("residual", in, new Dense(7, "softmax").apply(z)).seed(3);
    m.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
    return m;
  }

  @Test
  void trainedFunctionalModelLoadsInKerasAndKeepsTraining() throws Exception {
    ImageData all = Datasets.load("synthetic:96", 48, 48, 1, io.fer4j.data.Interpolation.NEAREST, true);
    int n = 6;
    float[] x = new float[n * 48 * 48];
    for (int i = 0; i < n; i++) all.copyInput(i, x, i * 48 * 48);
    try (Model m = residual()) {
      assertThat(m.summary()).contains("Connected to", "add (Add)", "conv2d_1[0][0]", "Total params: ");
      m.fit(all, null, new FitConfig().epochs(1).batchSize(32).verbose(0));
      assertThat(m.iterations()).isEqualTo(3);
      Path keras = work.resolve("residual.keras");
      m.save(keras);
      float[][] expected = m.predict(x, n);
      try (Model back = ModelFiles.load(keras)) {
        assertThat(back.getClass()).isEqualTo(Model.class);
        assertThat(maxDiff(back.predict(x, n), expected)).isZero();
        assertThat(back.iterations()).isEqualTo(3);
      }
      Path in = work.resolve("x.bin");
      Python.writeFloats(in, x);
      Python.run("keras_load_fer4j.py", keras.toString(), in.toString(), Integer.toString(n), work.resolve("k.json").toString());
      JsonNode k = new ObjectMapper().readTree(work.resolve("k.json").toFile());
      assertThat(maxDiff(k.get("predictions"), expected)).as("Keras predicts what fer4j predicts").isLessThanOrEqualTo(1e-5);
      assertThat(k.get("iterations").asLong()).isEqualTo(3);
      assertThat(k.get("iterations_after_step").asLong()).isEqualTo(4);
      assertThat(k.get("loss").asDouble()).isFinite();
      Path sm = work.resolve("residual-savedmodel");
      m.exportSavedModel(sm);
      Python.run("savedmodel_predict.py", sm.toString(), in.toString(), "" + n, "48", "48", "1", work.resolve("s.json").toString());
      JsonNode s = new ObjectMapper().readTree(work.resolve("s.json").toFile());
      assertThat(maxDiff(s.get("tf"), expected)).as("Python TF").isLessThanOrEqualTo(1e-5);
      assertThat(maxDiff(s.get("tfsm"), expected)).as("TFSMLayer").isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void sharedLayerAndNestedModelShareWeights() {
    KerasTensor in = Input.of(4);
    Dense shared = new Dense(4);
    KerasTensor twice = shared.apply(shared.apply(in));
    KerasTensor subIn = Input.of(4);
    Model sub = new Model("head", subIn, new Dense(2, "softmax").apply(subIn));
    try (Model m = new Model("outer", in, sub.apply(twice))) {
      assertThat(m.weights()).hasSize(4);
      assertThat(m.countParams()).isEqualTo(4 * 4 + 4 + 4 * 2 + 2);
      assertThat(m.variablePaths().values()).containsExactly("dense/kernel", "dense/bias", "head/dense/kernel", "head/dense/bias");
      float[][] p = m.predict(new float[] {1, 2, 3, 4}, 1);
      assertThat(p[0][0] + p[0][1]).isCloseTo(1f, within(1e-6f));
      sub.setTrainable(false);
      assertThat(m.trainableWeights()).hasSize(2);
    }
  }

  @Test
  void severalInputsAndOutputsPredictSaveAndExport() throws Exception {
    KerasTensor face = Input.named("face", 6);
    KerasTensor meta = Input.named("meta", 2);
    KerasTensor h = new Dense(4, "relu").apply(new Concatenate().apply(face, meta));
    KerasTensor probs = new Dense(3, "softmax").apply(h);
    KerasTensor score = new Dense(1).apply(h);
    try (Model m = new Model("two_heads", List.of(face, meta), List.of(probs, score))) {
      assertThat(m.inputLayers()).extracting(io.fer4j.layers.Layer::name).containsExactly("face", "meta");
      float[] a = {1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1};
      float[] b = {0.5f, -1, 2, 0};
      List<float[][]> out = m.predict(List.of(a, b), 2);
      assertThat(out).hasSize(2);
      assertThat(out.get(0)[1]).hasSize(3);
      assertThat(out.get(1)[0]).hasSize(1);
      Path keras = work.resolve("two.keras");
      m.save(keras);
      Path sm = work.resolve("two-sm");
      m.exportSavedModel(sm);
      for (Path p : List.of(keras, sm)) {
        try (Model back = ModelFiles.load(p)) {
          List<float[][]> again = back.predict(List.of(a, b), 2);
          assertThat(maxDiff(again.get(0), out.get(0))).as(p.toString()).isZero();
          assertThat(maxDiff(again.get(1), out.get(1))).as(p.toString()).isZero();
        }
      }
      try (io.fer4j.savedmodel.LoadedSavedModel l = io.fer4j.savedmodel.SavedModels.load(sm)) {
        assertThat(l.signature("serving_default").inputs().keySet()).containsExactlyInAnyOrder("face", "meta");
        assertThat(l.signature("serving_default").outputs().keySet()).containsExactlyInAnyOrder("output_0", "output_1");
      }
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> m.compile(new Adam(1e-3), "categorical_crossentropy")))
          .hasMessageContaining("2 outputs");
    }
  }

  private static double maxDiff(float[][] a, float[][] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
    return d;
  }

  private static double maxDiff(JsonNode rows, float[][] expected) {
    double d = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) d = Math.max(d, Math.abs(rows.get(i).get(j).asDouble() - expected[i][j]));
    }
    return d;
  }
}
