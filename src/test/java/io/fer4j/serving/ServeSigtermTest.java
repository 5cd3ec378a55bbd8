package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.savedmodel.TinyModel;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/fer4j serve} as a supervisor runs it: the launcher execs the JVM, so the PID it
 * gets is the server's, and SIGTERM to that PID drains (the request in flight is answered) and
 * exits 0. The launcher is run from a copy whose build stamp is fresh, so it starts at once.
 */
class ServeSigtermTest {
  @TempDir Path tmp;

  @Test
  void sigtermToTheLauncherPidDrainsAndExitsZero() throws Exception {
    TinyModel.export(tmp.resolve("models/1")).close();
    Path root = tmp.resolve("fer4j");
    Files.createDirectories(root.resolve("scripts"));
    Files.createDirectories(root.resolve("src/main"));
    Files.createDirectories(root.resolve("target/classes"));
    Files.copy(Path.of("scripts/fer4j"), root.resolve("scripts/fer4j"));
    Files.createDirectories(root.resolve("src/dist/bin"));
    Files.copy(Path.of("src/dist/bin/fer4j"), root.resolve("src/dist/bin/fer4j")); // the launcher scripts/fer4j execs
    root.resolve("src/dist/bin/fer4j").toFile().setExecutable(true);
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.writeString(root.resolve("target/classpath.txt"), System.getProperty("java.class.path"));
    Path stamp = root.resolve("target/classes/.fer4j-built");
    Files.writeString(stamp, "");
    Files.setLastModifiedTime(stamp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/fer4j").toString(), "serve", "--model-base-path", tmp.resolve("models").toString(),
        "--model-name", "tiny", "--port", "0", "--max-batch-size", "64", "--batch-timeout-micros", "1500000");
    pb.environment().put("FER4J_XMX", "1g");
    pb.redirectErrorStream(true);
    Path logFile = tmp.resolve("serve.log");
    pb.redirectOutput(logFile.toFile()); // a file, not a pipe: destroy() closes pipes and the last lines would be lost
    Process p = pb.start();
    try {
      Pattern at = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/v1/models/tiny");
      int port = -1;
      for (long end = System.nanoTime() + 60_000_000_000L; port < 0 && System.nanoTime() < end && p.isAlive(); Thread.sleep(50)) {
        Matcher m = at.matcher(Files.readString(logFile));
        if (m.find()) port = Integer.parseInt(m.group(1));
      }
      assertThat(port).as(Files.readString(logFile)).isPositive();
      String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
      assertThat(cmdline).as("the launcher's PID runs the JVM").contains("java").contains("io.fer4j.cli.Main");

      try (Socket s = new Socket("127.0.0.1", port)) { // the whole request is sent before the signal
        s.setSoTimeout(15_000);
        byte[] body = ("{\"instances\": [" + HostileRequestsTest.image("0.4") + "]}").getBytes(StandardCharsets.US_ASCII);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/models/tiny:predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        Thread.sleep(500); // the request now waits for its batch (1.5 s)
        p.destroy(); // SIGTERM
        String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reply).as(Files.readString(logFile)).startsWith("HTTP/1.1 200").contains("predictions");
      }
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(logFile);
      assertThat(p.exitValue()).as(log).isZero();
      assertThat(log).contains("SIGTERM: refusing new requests, finishing 1 in flight").contains("fer4j serve: stopped");
    } finally {
      p.destroyForcibly();
    }
  }
}
