package io.fer4j.util;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file or directory through a temporary sibling and a rename, so readers (a TF Serving
 * poller, a resumed run) never see a half-written result and a crash leaves the old one intact.
 */
public final class AtomicDirectory {
  /** Fills a temporary path; the caller's writer must create what it needs inside it. */
  @FunctionalInterface
  public interface Writer {
    void write(Path tmp) throws Exception;
  }

  private AtomicDirectory() {}

  /** Writes a directory at {@code target}: the writer gets an absent temporary path to create. */
  public static void write(Path target, Writer writer) {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    String base = abs.getFileName().toString();
    Path tmp = parent.resolve("." + base + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      Files.createDirectories(parent);
      writer.write(tmp);
      replace(tmp, abs);
    } catch (Fer4jException e) {
      deleteQuietly(tmp);
      throw e;
    } catch (Exception e) {
      deleteQuietly(tmp);
      throw new Fer4jException(target + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  /** Moves {@code tmp} onto {@code target}, replacing a previous file or directory. */
  public static void replace(Path tmp, Path target) throws IOException {
    if (Files.isDirectory(target)) {
      Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      deleteQuietly(old);
    } else {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  public static void deleteQuietly(Path p) {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.deleteIfExists(x);
        } catch (IOException ignored) {
          // best effort cleanup of a temporary
        }
      });
    } catch (IOException ignored) {
      // best effort cleanup of a temporary
    }
  }
}
