package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fer4j.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: `train --out` on a 40 MB tmpfs (mounted in a private mount namespace,
 * `unshare -m` as root or `unshare -Urm` as a user, so nothing outside sees it) fills the disk at
 * the first epoch's checkpoints. The run must stop with one line naming the file and "No space
 * left on device", leave no temporary behind, and the last good checkpoint (OUT/savedmodel) must
 * still load and evaluate — checked inside the namespace before the tmpfs goes away.
 */
class FullDiskTest {
  @TempDir Path tmp;

  @Test
  void aFullDiskStopsTrainingWithOneLineAndTheLastCheckpointStillLoads() throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("disk"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script = String.join("\n",
        "mount -t tmpfs -o size=40m tmpfs \"$MNT\" || exit 99",
        "\"$JAVA\" -Xmx2g -cp \"$CP\" io.fer4j.cli.Main train --data synthetic:140 --epochs 2 --out \"$MNT/run\" > \"$LOG/train.log\" 2>&1",
        "echo \"train-exit=$?\"",
        "echo \"left=$(ls -A \"$MNT/run\" | tr '\\n' ' ')\"",
        "\"$JAVA\" -Xmx2g -cp \"$CP\" io.fer4j.cli.Main evaluate --model \"$MNT/run/savedmodel\" --data synthetic:70 --json > \"$LOG/eval.log\" 2>&1",
        "echo \"eval-exit=$?\"");
    boolean root = "root".equals(System.getProperty("user.name"));
    ProcessBuilder pb = new ProcessBuilder(root ? List.of("unshare", "-m", "sh", "-c", script) : List.of("unshare", "-Urm", "sh", "-c", script))
        .redirectErrorStream(true);
    pb.environment().putAll(java.util.Map.of("MNT", mnt.toString(), "JAVA", javaBin, "CP", System.getProperty("java.class.path"),
        "LOG", tmp.toString(), "TF_CPP_MIN_LOG_LEVEL", "2"));
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      p = null;
    }
    String out = p == null ? "" : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p == null || !p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() == 99 || !out.contains("train-exit=")) {
      String why = "cannot mount a 40 MB tmpfs in a private mount namespace (unshare/mount): " + out.trim();
      if (Requirements.ci()) fail("CI=true but " + why);
      assumeTrue(false, why);
    }
    String train = Files.readString(tmp.resolve("train.log"));
    System.out.println("FullDiskTest: " + out.replace('\n', ' ') + "| " + train.lines().filter(l -> l.startsWith("fer4j:")).findFirst().orElse(""));
    assertThat(out).contains("train-exit=1");
    List<String> errors = train.lines().filter(l -> l.contains("fer4j: error:")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).matches("fer4j: error: " + java.util.regex.Pattern.quote(mnt + "/run/") + "\\S+: cannot write \\(No space left on device\\)");
    assertThat(train).doesNotContain("Exception", "\tat ");
    // only finished files: no .tmp-* or .old-* folder left by the atomic writes
    String left = out.replaceAll("(?s).*left=([^\\n]*)\\n.*", "$1");
    assertThat(left).contains("savedmodel").doesNotContain(".tmp-", ".old-");
    assertThat(out).contains("eval-exit=0");
    assertThat(Files.readString(tmp.resolve("eval.log"))).contains("\"accuracy\":", "\"samples\":70");
  }
}
