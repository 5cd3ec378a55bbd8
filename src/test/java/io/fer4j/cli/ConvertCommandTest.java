package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.keras.KerasModels;
import io.fer4j.model.Sequential;
import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
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
    float[] x = {0.1f, 0.5f, 0.9f, 0.2f, 0.3f, 0.7f, 0.4f};
    try (Sequential orig = KerasModels.load(h5); Sequential conv = KerasModels.load(keras)) {
      assertThat(conv.predict(x, 1)[0]).containsExactly(orig.predict(x, 1)[0]);
    }
  }

  @Test
  void refusesSavedModelInputAndBadFilesWithOneLine() throws Exception {
    Cli.Run r = Cli.run("convert", dir.toString(), dir.resolve("x.keras").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("fer4j: error: ").contains("SavedModel directory cannot be converted");
    Path junk = dir.resolve("junk.h5");
    Files.write(junk, new byte[] {1, 2, 3});
    r = Cli.run("convert", junk.toString(), dir.resolve("y.keras").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("bad magic bytes");
  }
}
