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
    assertOneLineError(Cli.run("train", "--data", "synthetic:70", "--lr-schedule", "step", "--out", tmp.resolve("o").toString()), "--lr-schedule must be constant, cosine or onecycle");
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

  /** The 249 KB PNG declaring 16000x16000 is refused from its header; the good image next to it is still classified. */
  @Test
  void predictRefusesADecompressionBombAtOnce() throws Exception {
    Path bomb = Files.write(tmp.resolve("bomb.png"), io.fer4j.util.PngBomb.gray(16000, 16000));
    Path ok = tmp.resolve("ok.png");
    Images.writeGrayPng(ok, new byte[48 * 48], 48, 48);
    long t0 = System.nanoTime();
    Cli.Run r = Cli.run("predict", "--model", "savedmodels/fer/1", bomb.toString(), ok.toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertOneLineError(r, "bomb.png: image declares 16000x16000 (256,000,000 pixels)", "--max-image-pixels");
    assertThat(r.out()).contains("ok.png: ");
    assertThat(seconds).as("whole predict").isLessThan(10);
    assertOneLineError(Cli.run("--max-image-pixels", "2303", "predict", "--model", "savedmodels/fer/1", ok.toString()), "ok.png: image declares 48x48 (2,304 pixels)");
    assertOneLineError(Cli.run("predict", "--model", "savedmodels/fer/1", "--faces", bomb.toString()), "bomb.png: image declares 16000x16000");
  }

  @Test
  void predictOnErrorFailStopsAtTheFirstBadFile() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.jpg"), "not a jpeg");
    Path ok = tmp.resolve("ok.png");
    Images.writeGrayPng(ok, new byte[48 * 48], 48, 48);
    Cli.Run skip = Cli.run("predict", "--model", "savedmodels/fer/1", bad.toString(), ok.toString(), bad.toString());
    assertOneLineError(skip, "bad.jpg: not a decodable image", "2 of 3 images failed");
    assertThat(skip.out()).contains("ok.png: ");
    Cli.Run fail = Cli.run("predict", "--model", "savedmodels/fer/1", "--on-error", "fail", bad.toString(), ok.toString());
    assertOneLineError(fail, "bad.jpg: not a decodable image");
    assertThat(fail.out()).doesNotContain("ok.png");
    assertOneLineError(Cli.run("predict", "--on-error", "maybe", ok.toString()), "--on-error must be skip or fail");
  }

  @Test
  void evaluateFailsOnABadFileUnlessToldToSkip() throws Exception {
    Path d = tmp.resolve("faces");
    Random r = new Random(5);
    for (String c : new String[] {"happy", "sad"}) {
      Files.createDirectories(d.resolve(c));
      for (int i = 0; i < 3; i++) {
        byte[] px = new byte[48 * 48];
        r.nextBytes(px);
        Images.writeGrayPng(d.resolve(c + "/" + i + ".png"), px, 48, 48);
      }
    }
    Files.writeString(d.resolve("sad/broken.jpg"), "truncated");
    Files.write(d.resolve("happy/bomb.png"), io.fer4j.util.PngBomb.gray(8000, 8000));
    Cli.Run fail = Cli.run("evaluate", "--model", "savedmodels/fer/1", "--data", d.toString()); // two threads: either bad file may be met first
    assertOneLineError(fail);
    assertThat(fail.err()).containsAnyOf("happy/bomb.png: image declares 8000x8000", "sad/broken.jpg: not a decodable image");
    Cli.Run skip = Cli.run("evaluate", "--model", "savedmodels/fer/1", "--data", d.toString(), "--on-error", "skip", "--json");
    assertThat(skip.exit()).as(skip.err()).isZero();
    assertThat(skip.err()).contains("fer4j: skipped: " + d.resolve("happy/bomb.png") + ": image declares 8000x8000")
        .contains("fer4j: skipped: " + d.resolve("sad/broken.jpg") + ": not a decodable image")
        .contains("skipped 2 bad image file(s); evaluating the other 6");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(skip.out()).get("skipped_files").asInt()).isEqualTo(2);
  }
}
