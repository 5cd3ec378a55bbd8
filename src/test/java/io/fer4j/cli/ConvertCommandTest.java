package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.Ensembles;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.GlobalAveragePooling2D;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.Model;
import io.fer4j.model.Sequential;
import io.fer4j.saving.ModelFiles;
import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  @TempDir Path dir;

  @Test
  void h5ToKerasAndSavedModelPredictTheSame() throws Exception {
    Path h5 = Requirements.fixture("keras2-mlp7/Gender_cls.h5");
    Path keras = dir.resolve("mlp.keras");
    Path sm = dir.resolve("mlp-savedmodel");
    Cli.Run a = Cli.run("convert", h5.toString(), keras.toString());
    assertThat(a.exit()).as(a.err()).isZero();
    Cli.Run b = Cli.run("convert", keras.toString(), sm.toString());
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(sm.resolve("saved_model.pb")).exists();
    // and back: fer4j's own SavedModel export carries its layer config, so it converts to .keras
    Path back = dir.resolve("back.keras");
    Cli.Run c = Cli.run("convert", sm.toString(), back.toString());
    assertThat(c.exit()).as(c.err()).isZero();
    float[] x = {0.1f, 0.5f, 0.9f, 0.2f, 0.3f, 0.7f, 0.4f};
    try (Model orig = ModelFiles.load(h5); Model conv = ModelFiles.load(keras); Model round = ModelFiles.load(back)) {
      assertThat(conv.predict(x, 1)[0]).containsExactly(orig.predict(x, 1)[0]);
      assertThat(round.predict(x, 1)[0]).containsExactly(orig.predict(x, 1)[0]);
      assertThat(round.getWeights()).hasSameSizeAs(orig.getWeights());
    }
  }

  @Test
  void refusesForeignSavedModelsAndBadFilesWithOneLine() throws Exception {
    Path python = Requirements.fixture("keras3-fer112/savedmodel");
    Cli.Run r = Cli.run("convert", python.toString(), dir.resolve("x.keras").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("fer4j: error: " + python).contains("without fer4j's keras_config metadata");
    r = Cli.run("convert", dir.toString(), dir.resolve("x.keras").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("directory without config.json");
    Path junk = dir.resolve("junk.h5");
    Files.write(junk, new byte[] {1, 2, 3});
    r = Cli.run("convert", junk.toString(), dir.resolve("y.keras").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("bad magic bytes");
  }

  private static Sequential tiny(String name, int size, long seed) {
    Sequential m = new Sequential(name, new InputLayer(size, size, 1));
    m.add(new Conv2D(3, 3));
    m.add(new GlobalAveragePooling2D());
    m.add(new Dense(7, "softmax"));
    m.seed(seed);
    return m;
  }

  @Test
  void layerTakesOneMemberOutOfAnEnsembleWithItsWeights() throws Exception {
    float[] x = new float[2 * 40 * 40];
    Random r = new Random(5);
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    Path ensemble = dir.resolve("ensemble.keras");
    float[][] expected;
    try (Sequential a = tiny("a", 40, 1); Sequential b = tiny("b", 40, 2);
        Model e = Ensembles.average(List.of(a, b), new long[] {48, 48, 1}, Ensembles.Tta.TENCROP)) {
      ModelFiles.save(e, ensemble);
      expected = b.predict(x, 2);
    }
    Path member = dir.resolve("member_1.keras");
    Cli.Run run = Cli.run("convert", ensemble.toString(), member.toString(), "--layer", "member_1");
    assertThat(run.exit()).as(run.err()).isZero();
    try (Model m = ModelFiles.load(member)) {
      assertThat(m.inputShape()).containsExactly(40, 40, 1);
      float[][] got = m.predict(x, 2);
      for (int i = 0; i < 2; i++) assertThat(got[i]).containsExactly(expected[i]);
    }
    run = Cli.run("convert", ensemble.toString(), dir.resolve("z.keras").toString(), "--layer", "member_7");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").startsWith("fer4j: error: " + ensemble).contains("no layer named 'member_7'");
    run = Cli.run("convert", ensemble.toString(), dir.resolve("z.keras").toString(), "--layer", "ensemble_average");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").endsWith("layer 'ensemble_average' is a Average, not a model");
    assertThat(dir.resolve("z.keras")).doesNotExist();
  }
}
