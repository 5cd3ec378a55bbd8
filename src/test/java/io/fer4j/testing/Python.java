package io.fer4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs scripts of tests/python with the oracle interpreter and exchanges raw float32 files. */
public final class Python {
  /** Exit status of a process killed by SIGFPE (128 + 8). */
  static final int SIGFPE_EXIT = 136;

  private Python() {}

  /**
   * Runs tests/python/SCRIPT with args; fails the test with the script's output if it fails. Python
   * TF 2.21's oneDNN kernels die of SIGFPE on some CPUs (seen: AMD EPYC family 26 in a VM that
   * reports no cache topology, ResNet50's convolutions); then the script runs once more on TF's
   * own kernels ({@code TF_ENABLE_ONEDNN_OPTS=0}), still Keras' numbers, and says so.
   */
  public static String run(String script, String... args) throws IOException, InterruptedException {
    Run r = run(script, false, args);
    if (r.exit == SIGFPE_EXIT) {
      System.out.println("python " + script + ": SIGFPE in oneDNN on this CPU; running it again with TF_ENABLE_ONEDNN_OPTS=0");
      r = run(script, true, args);
    }
    assertThat(r.exit).as("python %s failed:%n%s", script, r.text).isZero();
    return r.text;
  }

  private record Run(int exit, String text) {}

  private static Run run(String script, boolean withoutOneDnn, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Requirements.python().toString());
    cmd.add(Path.of("tests", "python", script).toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.environment().put("CUDA_VISIBLE_DEVICES", "");
    if (withoutOneDnn) pb.environment().put("TF_ENABLE_ONEDNN_OPTS", "0");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(done).as("python %s timed out", script).isTrue();
    return new Run(p.exitValue(), text);
  }

  public static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    Files.write(file, b.array());
  }
}
