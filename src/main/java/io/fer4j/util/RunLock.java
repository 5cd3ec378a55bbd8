package io.fer4j.util;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One owner per run folder: two {@code train} runs writing the same checkpoints, backup and
 * history.csv would interleave into a state neither produced. An OS file lock on
 * {@code DIR/train.lock} decides (released by the kernel when its process dies, even by SIGKILL,
 * so PID reuse cannot fake an owner); the file names the owner's PID for the refusal message, and
 * a PID left by a dead run is reported as taken over. The file is emptied, not deleted, on release:
 * deleting a lock file lets two later runs lock two different files.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = "train.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the folder's lock or throws a one-line {@link Fer4jException} naming the owner; notes a stale owner on {@code log}. */
  public static RunLock acquire(Path dir, PrintStream log) {
    Path file = dir.resolve(FILE);
    FileChannel ch;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot create the run lock (" + e.getMessage() + ")");
    }
    try {
      String owner = read(ch);
      FileLock lock = null;
      boolean held;
      try {
        lock = ch.tryLock();
        held = lock == null;
      } catch (OverlappingFileLockException e) { // this JVM holds it already
        held = true;
      } catch (IOException e) { // no locking on this file system: the PID alone decides
        held = alive(pid(owner));
      }
      if (held) {
        throw new Fer4jException(dir + ": in use by another training run (" + (owner.isBlank() ? "its lock file is held" : owner) + "); wait for it to finish or choose another --out");
      }
      long stale = pid(owner);
      if (stale > 0 && stale != ProcessHandle.current().pid()) {
        log.printf("%s: taking over the lock of PID %d, which %s%n", file, stale, alive(stale) ? "no longer holds it" : "is not running");
      }
      String me = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now();
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      return new RunLock(ch, lock);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // the refusal below is what matters
      }
      if (e instanceof Fer4jException fe) throw fe;
      throw new Fer4jException(file + ": cannot take the run lock (" + e.getMessage() + ")");
    }
  }

  private static String read(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(512);
    ch.read(b, 0);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
  }

  private static long pid(String owner) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^pid (\\d+)").matcher(owner);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static boolean alive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }

  @Override
  public void close() {
    try (channel) {
      channel.truncate(0);
      if (lock != null) lock.release();
    } catch (IOException ignored) {
      // the kernel releases the lock with the file anyway
    }
  }
}
