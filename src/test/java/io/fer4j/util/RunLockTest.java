package io.fer4j.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.Fer4jException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner per run folder: a held lock refuses a second run by PID; a dead owner's lock is taken over, saying so. */
class RunLockTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

  @Test
  void aHeldLockRefusesASecondOwnerNamingThePid() throws Exception {
    long me = ProcessHandle.current().pid();
    try (RunLock a = RunLock.acquire(tmp, out)) {
      assertThat(Files.readString(tmp.resolve(RunLock.FILE))).startsWith("pid " + me + " on ");
      assertThatThrownBy(() -> RunLock.acquire(tmp, out)).isInstanceOf(Fer4jException.class)
          .hasMessageStartingWith(tmp + ": in use by another training run (pid " + me + " on ")
          .hasMessageEndingWith("wait for it to finish or choose another --out");
    }
    assertThat(Files.readString(tmp.resolve(RunLock.FILE))).isEmpty(); // released: no stale owner left
    try (RunLock b = RunLock.acquire(tmp, out)) {
      assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }
  }

  @Test
  void aDeadOwnersLockIsTakenOverWithAMessage() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long dead = p.pid();
    Files.writeString(tmp.resolve(RunLock.FILE), "pid " + dead + " on somewhere since 2020-01-01T00:00:00Z\n");
    try (RunLock l = RunLock.acquire(tmp, out)) {
      assertThat(log.toString(StandardCharsets.UTF_8).trim())
          .isEqualTo(tmp.resolve(RunLock.FILE) + ": taking over the lock of PID " + dead + ", which is not running");
      assertThat(Files.readString(tmp.resolve(RunLock.FILE))).startsWith("pid " + ProcessHandle.current().pid() + " ");
    }
  }
}
