package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** summary, train, evaluate and predict as a user runs them, in one JVM. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {
  @TempDir static Path tmp;
  static Path run;
  static Path folder;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void imageFolder() throws Exception {
    // a small DIR/<class>/*.png set drawn from the held-out synthetic stream
    folder = tmp.resolve("faces");
    ImageData d = Datasets.synthetic(Datasets.SYNTHETIC_SEED, Datasets.SYNTHETIC_EVAL_OFFSET, 70);
    for (int i = 0; i < d.size(); i++) {
      Path dir = folder.resolve(d.classes().get(d.label(i)));
      Files.createDirectories(dir);
      Images.writeGrayPng(dir.resolve("face" + i + ".png"), d.pixels(i), 48, 48);
    }
    run = tmp.resolve("run");
  }

  @Test
  @Order(1)
  void summaryPrintsKerasTotals() {
    Cli.Run r = Cli.run("summary");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Total params: 4,388,735 (16.74 MB)", "Trainable params: 4,384,823 (16.73 MB)",
        "Non-trainable params: 3,912 (15.28 KB)", "conv2d (Conv2D)", "(None, 3, 3, 512)");
  }

  @Test
  @Order(2)
  void trainWritesBestSavedModelAndHistory() throws Exception {
    Cli.Run r = Cli.run("train", "--data", "synthetic:280", "--epochs", "2", "--batch-size", "32", "--out", run.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Epoch 2/2", "val_accuracy", "classes (label order) [angry, disgust, fear, happy, neutral, sad, surprise]");
    assertThat(run.resolve("savedmodel/saved_model.pb")).exists();
    List<String> hist = Files.readAllLines(run.resolve("history.csv"));
    assertThat(hist.get(0)).isEqualTo("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss");
    assertThat(hist).hasSize(3);
    assertThat(hist.get(1)).startsWith("0,");
  }

  @Test
  @Order(3)
  void evaluateJsonOnSyntheticAndOnAnImageFolder() throws Exception {
    Cli.Run r = Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", "synthetic:70", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.get("samples").asInt()).isEqualTo(70);
    assertThat(j.get("confusion_matrix")).hasSize(7);
    assertThat(j.get("per_class").get("happy").has("f1")).isTrue();
    // the same held-out faces as PNG files in class folders give the same result
    Cli.Run f = Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", folder.toString(), "--json");
    assertThat(f.exit()).as(f.err()).isZero();
    assertThat(JSON.readTree(f.out()).get("accuracy").asDouble()).isEqualTo(j.get("accuracy").asDouble());
    Cli.Run text = Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", folder.toString());
    assertThat(text.out()).contains("confusion matrix", "precision", "classes (output order): [angry");
    // --subset validation scores the faces train held out: the best val_accuracy it reported
    Cli.Run held = Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", "synthetic:280", "--subset", "validation", "--json");
    assertThat(held.exit()).as(held.err()).isZero();
    JsonNode h = JSON.readTree(held.out());
    assertThat(h.get("samples").asInt()).isEqualTo(28);
    double bestVal = Files.readAllLines(run.resolve("history.csv")).stream().skip(1)
        .mapToDouble(l -> Double.parseDouble(l.split(",")[4])).max().orElseThrow();
    assertThat(h.get("accuracy").asDouble()).isCloseTo(bestVal, org.assertj.core.data.Offset.offset(1e-6));
    Cli.Run rest = Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", "synthetic:280", "--subset", "training", "--json");
    assertThat(JSON.readTree(rest.out()).get("samples").asInt()).isEqualTo(252);
    assertThat(Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", "synthetic:280", "--subset", "validation").out())
        .contains("data: the validation subset of synthetic:280", "samples: 28");
    Path report = tmp.resolve("report");
    Cli.Run rep = Cli.run("evaluate", "--model", run.resolve("savedmodel").toString(), "--data", "synthetic:70", "--report", report.toString(), "--json");
    assertThat(rep.exit()).as(rep.err()).isZero();
    double reported = JSON.readTree(report.resolve("metrics.json").toFile()).get("accuracy").asDouble();
    assertThat(reported).isEqualTo(j.get("accuracy").asDouble());
    List<String> rows = Files.readAllLines(report.resolve("predictions.csv"));
    assertThat(rows.get(0)).startsWith("index,label,predicted,").endsWith(",surprise");
    assertThat(rows).hasSize(71);
    assertThat(rows.stream().skip(1).filter(l -> l.split(",")[1].equals(l.split(",")[2])).count() / 70.0).isEqualTo(reported);
    for (String png : List.of("confusion_matrix.png", "curves.png")) {
      byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(report.resolve(png)), 4);
      assertThat(head).as(png).containsExactly((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
  }

  @Test
  @Order(4)
  void predictJsonLines() throws Exception {
    Path a = folder.resolve("happy").toFile().listFiles()[0].toPath();
    Path b = folder.resolve("sad").toFile().listFiles()[0].toPath();
    Cli.Run r = Cli.run("predict", "--model", run.resolve("savedmodel").toString(), "--json", a.toString(), b.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode j = JSON.readTree(lines.get(0));
    assertThat(j.get("image").asText()).isEqualTo(a.toString());
    assertThat(j.get("probabilities")).hasSize(7);
    double sum = 0;
    for (JsonNode p : j.get("probabilities")) sum += p.asDouble();
    assertThat(sum).isBetween(0.999, 1.001);
    assertThat(List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")).contains(j.get("label").asText());
    // one bad file among good ones: the good ones still print, the exit says something failed
    Cli.Run mixed = Cli.run("predict", "--model", run.resolve("savedmodel").toString(), a.toString(), tmp.resolve("missing.jpg").toString());
    assertThat(mixed.exit()).isEqualTo(1);
    assertThat(mixed.out()).contains(a.toString());
    assertThat(mixed.err()).contains("missing.jpg: no such file");
  }

  @Test
  @Order(5)
  void predictWithAPythonExportedModelResizesAndNamesClasses() throws Exception {
    Path sm = Requirements.fixture("keras3-fer112/savedmodel");
    Path img = folder.resolve("surprise").toFile().listFiles()[0].toPath();
    Cli.Run r = Cli.run("predict", "--model", sm.toString(), "--classes", "angry,contempt,disgust,fear,happy,neutral,sad,surprise", "--json", img.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("probabilities")).hasSize(8);
    Cli.Run wrong = Cli.run("predict", "--model", sm.toString(), "--classes", "a,b", img.toString());
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.err()).contains("--classes names 2 classes but the model has 8 outputs");
  }

  @Test
  @Order(6)
  void trainFineTunesFromAKerasFileAndRefusesOneThatDoesNotFit() throws Exception {
    Path keras = Path.of("savedmodels/fer/fer_seed.keras");
    Path ft = tmp.resolve("finetune");
    // a learning rate of 1e-9 leaves the weights where the file put them: the result predicts as the file does
    Cli.Run r = Cli.run("train", "--data", "synthetic:140", "--epochs", "1", "--batch-size", "70", "--learning-rate", "1e-9",
        "--lr-schedule", "cosine", "--initial-model", keras.toString(), "--out", ft.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("initial model: " + keras, "LearningRateScheduler setting learning rate to");
    ImageData faces = Datasets.synthetic(Datasets.SYNTHETIC_SEED, Datasets.SYNTHETIC_EVAL_OFFSET, 70);
    float[] x = new float[faces.size() * 48 * 48];
    for (int i = 0; i < faces.size(); i++) {
      byte[] px = faces.pixels(i);
      for (int k = 0; k < px.length; k++) x[i * px.length + k] = (px[k] & 0xff) / 255f;
    }
    float[][] before;
    float[][] after;
    try (io.fer4j.predict.ImageModel a = io.fer4j.predict.Models.open(keras.toString());
         io.fer4j.predict.ImageModel b = io.fer4j.predict.Models.open(ft.resolve("savedmodel").toString())) {
      before = a.predict(x, faces.size());
      after = b.predict(x, faces.size());
    }
    int same = 0;
    for (int i = 0; i < before.length; i++) if (argMax(before[i]) == argMax(after[i])) same++;
    assertThat(same).as("images labelled as by the initial model").isGreaterThanOrEqualTo(63);
    // the run leaves the notebook's two Keras files beside the SavedModel, and Keras loads and trains both
    for (String f : List.of("model_weights.keras", "my_model.keras")) {
      Path k = ft.resolve(f);
      assertThat(k).exists();
      Path xin = tmp.resolve("x.bin");
      io.fer4j.testing.Python.writeFloats(xin, java.util.Arrays.copyOf(x, 4 * 48 * 48));
      io.fer4j.testing.Python.run("keras_load_fer4j.py", k.toString(), xin.toString(), "4", tmp.resolve(f + ".json").toString());
      JsonNode out = JSON.readTree(tmp.resolve(f + ".json").toFile());
      assertThat(out.get("iterations").asLong()).as(f + " optimizer iterations").isEqualTo(2);
      assertThat(out.get("iterations_after_step").asLong()).isEqualTo(3);
      try (io.fer4j.predict.ImageModel m = io.fer4j.predict.Models.open(k.toString())) {
        float[][] mine = m.predict(java.util.Arrays.copyOf(x, 4 * 48 * 48), 4);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 7; j++) {
          assertThat(out.get("predictions").get(i).get(j).asDouble()).as(f).isCloseTo(mine[i][j], org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
    // a model that does not take images
    Path mlp = Requirements.fixture("keras2-mlp7/Gender_cls.h5");
    Cli.Run bad = Cli.run("train", "--data", "synthetic:140", "--epochs", "1", "--initial-model", mlp.toString(), "--out", tmp.resolve("bad").toString());
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err().strip()).startsWith("fer4j: error: " + mlp).contains("needs an image input").doesNotContain("\n");
  }

  static int argMax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
    return best;
  }
}
