package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake gives one line naming the culprit, a non-zero exit, and no stack trace. */
class CliBadInputTest {
  @TempDir Path tmp;

  static void assertOneLineError(Cli.Run r, String... mentions) {
    assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isNotZero();
    String err = r.err().strip();
    assertThat(err.lines().filter(l -> l.startsWith("fer4j: error:")).count()).as(err).isGreaterThanOrEqualTo(1);
    assertThat(err).doesNotContain("\tat ", "Exception in thread", "Caused by");
    for (String m : mentions) assertThat(err).contains(m);
  }

  @Test
  void missingDataPath() {
    assertOneLineError(Cli.run("train", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("o").toString()), "nope", "no such file");
  }

  @Test
  void emptyClassFolder() throws Exception {
    Path d = tmp.resolve("data");
    Files.createDirectories(d.resolve("angry"));
    Files.createDirectories(d.resolve("happy"));
    Images.writeGrayPng(d.resolve("happy/a.png"), new byte[48 * 48], 48, 48);
    assertOneLineError(Cli.run("train", "--data", d.toString(), "--out", tmp.resolve("o").toString()), "angry", "empty class folder");
  }

  @Test
  void corruptImage() throws Exception {
    Path d = tmp.resolve("data");
    Files.createDirectories(d.resolve("angry"));
    Files.createDirectories(d.resolve("happy"));
    Images.writeGrayPng(d.resolve("happy/a.png"), new byte[48 * 48], 48, 48);
    byte[] junk = new byte[500];
    new Random(1).nextBytes(junk);
    Files.write(d.resolve("angry/broken.jpg"), junk);
    assertOneLineError(Cli.run("train", "--data", d.toString(), "--out", tmp.resolve("o").toString()), "broken.jpg", "not a decodable image");
  }

  @Test
  void wrongCsv() throws Exception {
    Path csv = tmp.resolve("faces.csv");
    Files.writeString(csv, "label,image\n1,2 3 4\n");
    assertOneLineError(Cli.run("train", "--data", csv.toString()), "faces.csv", "emotion");
    Files.writeString(csv, "emotion,pixels,Usage\n3,1 2 3,Training\n");
    assertOneLineError(Cli.run("train", "--data", csv.toString()), "faces.csv line 2", "2304 pixels");
  }

  @Test
  void predictOnMissingAndNonImageFiles() throws Exception {
    Path text = tmp.resolve("notes.png");
    Files.writeString(text, "hello");
    Cli.Run r = Cli.run("predict", "--model", tmp.toString(), text.toString());
    assertOneLineError(r, "SavedModel");
  }

  @Test
  void modelWhoseInputIsNotAnImage() {
    Path mlp = Requirements.fixture("keras2-mlp7/savedmodel");
    assertOneLineError(Cli.run("evaluate", "--model", mlp.toString(), "--data", "synthetic"), "is not an image");
  }

  @Test
  void badFlagsAndUnknownMonitor() {
    Cli.Run r = Cli.run("train", "--epochs", "many");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("--epochs").doesNotContain("\tat ");
    assertOneLineError(Cli.run("train", "--data", "synthetic:70", "--epochs", "1", "--monitor", "val_f1", "--out", tmp.resolve("o").toString()), "unknown monitor 'val_f1'");
    assertOneLineError(Cli.run("bench", "fly"), "unknown benchmark");
    assertOneLineError(Cli.run("train", "--data", "synthetic:70", "--lr-schedule", "step", "--out", tmp.resolve("o").toString()), "--lr-schedule must be constant or cosine");
    assertOneLineError(Cli.run("train", "--data", "synthetic:70", "--lr-schedule", "cosine", "--reduce-lr", "2", "--out", tmp.resolve("o").toString()), "use one");
    assertOneLineError(Cli.run("train", "--data", "synthetic:70", "--initial-model", tmp.resolve("none.keras").toString(), "--out", tmp.resolve("o").toString()), "none.keras: no such file");
    assertOneLineError(Cli.run("--device", "tpu", "summary"), "--device must be cpu, gpu or auto");
    assertOneLineError(Cli.run("evaluate", "--model", tmp.toString(), "--data", "synthetic:70", "--subset", "test"), "--subset must be validation or training");
    assertOneLineError(Cli.run("evaluate", "--model", tmp.toString(), "--data", "synthetic:70", "--subset", "validation", "--validation-split", "0"), "--validation-split must be in (0, 1)");
  }

  @Test
  void gpuDeviceWithoutAGpuBuildSaysSo() {
    // the default (CPU) native build cannot see a GPU; -Pgpu on a CUDA machine would
    org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("java.class.path").contains("linux-x86_64-gpu"), "gpu build");
    assertOneLineError(Cli.run("--device", "gpu", "summary"), "TensorFlow sees no GPU");
  }
}
