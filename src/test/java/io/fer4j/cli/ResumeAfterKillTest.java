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
 * SIGTERM and SIGINT mid-epoch back up at the next batch and exit within 10 s saying how to
 * resume; the rerun continues at the following batch. A second run on the same --out is refused.
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

  /** Reads the process's output until {@code until} matches a line (progress lines end in \r or \n). */
  private static String readUntil(java.io.Reader in, StringBuilder all, java.util.function.Predicate<String> until) throws Exception {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      all.append((char) c);
      if (c == '\n' || c == '\r') {
        String l = line.toString();
        line.setLength(0);
        if (until.test(l)) return l;
      } else {
        line.append((char) c);
      }
    }
    return null;
  }

  /** Sends {@code signal} once the run has done 2 batches of epoch {@code epoch}; returns seconds from signal to exit. */
  private static double signalMidEpoch(Process p, java.io.Reader in, StringBuilder all, int epoch, String signal) throws Exception {
    assertThat(readUntil(in, all, l -> l.startsWith("Epoch " + epoch + "/4"))).as(all.toString()).isNotNull();
    assertThat(readUntil(in, all, l -> l.matches("\\s*[2-5]/12 .*"))).as(all.toString()).isNotNull();
    long t0 = System.nanoTime();
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    Thread drain = new Thread(() -> {
      try {
        readUntil(in, all, l -> false);
      } catch (Exception ignored) {
        // the process is gone
      }
    });
    drain.start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of " + signal).isTrue();
    double seconds = (System.nanoTime() - t0) / 1e9;
    drain.join(5000);
    System.out.printf("ResumeAfterKillTest: %s in epoch %d: exited %d after %.2f s%n", signal, epoch, p.exitValue(), seconds);
    return seconds;
  }

  private static java.io.Reader reader(Process p) {
    return new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8);
  }

  /** Whether this JVM ignores SIGINT (a background job of a non-interactive shell): its children would too. */
  private static boolean sigintIgnored() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("SigIgn:")) return (Long.parseLong(l.substring(7).trim(), 16) & 2) != 0;
    }
    return false;
  }

  @Test
  void sigtermAndCtrlCBackUpAtTheNextBatchAndTheRerunContinuesThere() throws Exception {
    Path out = tmp.resolve("run");
    Process p = start(out);
    StringBuilder first = new StringBuilder();
    java.io.Reader pin = reader(p);
    assertThat(readUntil(pin, first, l -> l.startsWith("Epoch 1/4"))).isNotNull();
    // a second run on the same folder is refused at once, naming the owner; the first goes on
    Process rival = start(out);
    String rivalOut = new String(rival.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(rival.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(rival.exitValue()).isEqualTo(1);
    assertThat(rivalOut.lines().filter(l -> l.startsWith("fer4j:")).toList())
        .containsExactly("fer4j: error: " + out + ": in use by another training run (pid " + p.pid() + " on "
            + rivalOut.replaceAll("(?s).*\\(pid " + p.pid() + " on ", "").replaceAll("(?s)\\).*", "") + "); wait for it to finish or choose another --out");

    double sigterm = signalMidEpoch(p, pin, first, 2, "TERM");
    assertThat(sigterm).isLessThan(10);
    assertThat(p.exitValue()).as(first.toString()).isEqualTo(143);
    assertThat(first.toString()).containsPattern("fer4j: SIGTERM: training stopped in epoch 2 after batch \\d+; backup written to "
        + java.util.regex.Pattern.quote(out.resolve("backup").toString()) + " — run the same command again to resume from there")
        .doesNotContain("Exception", "\tat ");
    assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(2); // header + epoch 0
    String state = Files.readString(out.resolve("backup/state.json"));
    int batch = Integer.parseInt(state.replaceAll("(?s).*\"batch\" : (\\d+).*", "$1"));
    assertThat(batch).isBetween(3, 11);

    Process again = start(out);
    StringBuilder second = new StringBuilder();
    boolean ctrlC = !sigintIgnored();
    if (ctrlC) {
      java.io.Reader ain = reader(again);
      assertThat(readUntil(ain, second, l -> l.startsWith("Resuming"))).startsWith("Resuming from the backup in " + out.resolve("backup")
          + ": 1 epoch(s) and " + batch + " batch(es) of epoch 2 done, continuing at epoch 2 batch " + (batch + 1) + " (optimizer step " + (12 + batch) + ",");
      double sigint = signalMidEpoch(again, ain, second, 3, "INT");
      assertThat(sigint).isLessThan(10);
      assertThat(again.exitValue()).as(second.toString()).isEqualTo(130);
      assertThat(second.toString()).contains("fer4j: SIGINT: training stopped in epoch 3 after batch").doesNotContain("Epoch 1/4", "Exception");
      again = start(out);
    } else {
      System.out.println("ResumeAfterKillTest: SIGINT is ignored in this JVM (and so in its children); only SIGTERM is checked");
    }
    String last = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(again.exitValue()).as(last).isZero();
    assertThat(last).contains("Resuming from the backup", ctrlC ? "continuing at epoch 3 batch" : "continuing at epoch 2 batch " + (batch + 1))
        .doesNotContain("Epoch 1/4").contains("Epoch 4/4");
    List<String> hist = Files.readAllLines(out.resolve("history.csv"));
    assertThat(hist.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList()).containsExactly("0", "1", "2", "3");
    assertThat(out.resolve("backup")).doesNotExist();
    assertThat(Files.readString(out.resolve("train.lock"))).isEmpty();
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
