package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.ImageData;
import io.fer4j.data.ImageFolder;
import io.fer4j.data.Interpolation;
import io.fer4j.layers.Layer;
import io.fer4j.model.Model;
import io.fer4j.saving.ModelFiles;
import io.fer4j.testing.Python;
import io.fer4j.testing.Requirements;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer-learning round trip a Python team runs: a MobileNetV2 base (64x64 RGB) under a
 * new head, trained and saved by Keras 3.15.1, keeps training in fer4j on real FER2013 faces
 * (gray, replicated to RGB) with the base frozen, and the result loads in Keras with the same
 * outputs and its optimizer state. The frozen base, BatchNormalization statistics included, does
 * not move; the head does.
 */
class FineTuneTest {
  @TempDir Path work;

  @Test
  void kerasMobileNetV2TrainsOnInFer4jWithItsBaseFrozen() throws Exception {
    Python.run("keras_finetune_base.py", "make", work.toString());
    JsonNode made = new ObjectMapper().readTree(work.resolve("made.json").toFile());
    String base = made.get("base").asText();
    Path faces = subset(Requirements.shared().resolve("data/fer2013/train"), work.resolve("faces"), 12);
    Path out = work.resolve("run");
    Cli.Run r = Cli.run("train", "--data", faces.toString(), "--initial-model", work.resolve("mnv2.keras").toString(), "--freeze-up-to", base,
        "--epochs", "1", "--batch-size", "16", "--augment", "none", "--validation-split", "0.25", "--out", out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("frozen: 2 layers up to " + base);
    Path trained = out.resolve("my_model.keras");
    float[] x;
    float[][] mine;
    try (Model before = ModelFiles.load(work.resolve("mnv2.keras")); Model after = ModelFiles.load(trained)) {
      assertThat(after.getLayer(base)).isInstanceOf(Model.class);
      assertThat(after.getLayer(base).isTrainable()).isFalse();
      List<float[]> w0 = before.getWeights();
      List<float[]> w1 = after.getWeights();
      List<io.fer4j.layers.Weight> ws = after.weights();
      Layer head = after.getLayer("dense");
      for (int i = 0; i < ws.size(); i++) {
        boolean inHead = ws.get(i).layer() == head;
        if (inHead) assertThat(w1.get(i)).as("head weight %s moves", ws.get(i)).isNotEqualTo(w0.get(i));
        else assertThat(w1.get(i)).as("frozen weight %s stays", after.variablePaths().get(ws.get(i))).isEqualTo(w0.get(i));
      }
      assertThat(after.iterations()).isEqualTo(4); // a fresh Adam (--learning-rate): 63 training faces in batches of 16
      ImageData d = ImageFolder.load(faces, 64, 64, 3, Interpolation.NEAREST);
      x = new float[4 * 64 * 64 * 3];
      for (int i = 0; i < 4; i++) d.copyInput(i * 20, x, i * 64 * 64 * 3);
      mine = after.predict(x, 4);
    }
    Path xin = work.resolve("x.bin");
    Python.writeFloats(xin, x);
    Python.run("keras_finetune_base.py", "check", trained.toString(), xin.toString(), "4", work.resolve("check.json").toString());
    JsonNode k = new ObjectMapper().readTree(work.resolve("check.json").toFile());
    assertThat(k.get("base_trainable").asBoolean()).isFalse();
    assertThat(k.get("trainable_weights").asInt()).as("only the head trains").isEqualTo(2);
    assertThat(k.get("iterations").asLong()).isEqualTo(4);
    assertThat(k.get("iterations_after_step").asLong()).isEqualTo(5);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 7; j++) {
        assertThat(k.get("predictions").get(i).get(j).asDouble()).as("Keras vs fer4j [%d][%d]", i, j).isCloseTo(mine[i][j], within(1e-5));
      }
    }
  }

  /** The first {@code per} faces of each class as symbolic links (no copy of ../shared). */
  static Path subset(Path from, Path to, int per) throws Exception {
    for (File cls : from.toFile().listFiles(File::isDirectory)) {
      Path dst = Files.createDirectories(to.resolve(cls.getName()));
      File[] files = cls.listFiles();
      Arrays.sort(files);
      for (int i = 0; i < Math.min(per, files.length); i++) Files.createSymbolicLink(dst.resolve(files[i].getName()), files[i].toPath().toAbsolutePath());
    }
    return to;
  }
}
