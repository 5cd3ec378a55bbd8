package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BackupAndRestore for real: `train --epochs 4` is killed with SIGKILL during epoch 2; the same
 * command run again says it resumes, finishes with 4 epochs, and history.csv lists each epoch once.
 */
class ResumeAfterKillTest {
  @TempDir Path tmp;

  private Process start(Path out) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx3g", "-cp", System.getProperty("java.class.path"), "io.fer4j.cli.Main",
        "train", "--data", "synthetic:420", "--epochs", "4", "--batch-size", "32", "--out", out.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    return pb.start();
  }

  @Test
  void killedRunResumesFromItsLastCompletedEpoch() throws Exception {
    Path out = tmp.resolve("run");
    Process p = start(out);
    StringBuilder first = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        first.append(line).append('\n');
        if (line.startsWith("Epoch 2/4")) break;
      }
      Thread.sleep(1500); // well inside epoch 2
      p.destroyForcibly(); // SIGKILL
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(first).contains("Epoch 2/4");
    assertThat(out.resolve("backup/state.json")).exists();
    assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(2); // header + epoch 0

    Process again = start(out);
    String second = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(again.exitValue()).as(second).isZero();
    assertThat(second).contains("Resuming from the backup", "continuing at epoch 2").doesNotContain("Epoch 1/4").contains("Epoch 4/4");
    List<String> hist = Files.readAllLines(out.resolve("history.csv"));
    assertThat(hist.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList()).containsExactly("0", "1", "2", "3");
    assertThat(out.resolve("backup")).doesNotExist(); // removed once training finished
    assertThat(out.resolve("savedmodel/saved_model.pb")).exists();
  }
}
