package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import io.fer4j.FerModels;
import io.fer4j.model.Sequential;
import io.fer4j.util.AtomicDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Publishes a model as version N under a TF Serving base path. The SavedModel is written to a
 * dot-named temporary folder in BASE (which TF Serving and fer4j's server ignore) and renamed to
 * BASE/N only when complete, so a polling server never loads half a model. An existing version
 * is never overwritten.
 */
public final class VersionedExport {
  private VersionedExport() {}

  /** Writes {@code model} as BASE/version (next free one when null) and returns the version dir. */
  public static Path export(String model, Path base, Long version) {
    if (version != null && version < 0) throw new Fer4jException("--version must be >= 0, got " + version);
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new Fer4jException(base + ": cannot create model base path (" + e.getMessage() + ")", e);
    }
    long v = version != null ? version : VersionDirs.next(base);
    Path target = base.resolve(Long.toString(v));
    if (Files.exists(target)) throw new Fer4jException(target + ": version " + v + " already exists (versions are never overwritten; omit --version for the next free one)");
    Path tmp = base.resolve("." + v + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      writeSavedModel(model, tmp);
      verify(tmp);
      if (Files.exists(target)) throw new Fer4jException(target + ": version " + v + " appeared while exporting; not overwritten");
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new Fer4jException(target + ": cannot write (" + e.getMessage() + ")", e);
    } finally {
      AtomicDirectory.deleteQuietly(tmp);
    }
  }

  /**
   * The one place that turns a {@code --model} argument into a SavedModel at {@code out} (absent).
   * Extend here for new sources (e.g. .keras/.h5 via the Keras readers).
   */
  static void writeSavedModel(String model, Path out) throws IOException {
    if (model.equals("seed")) {
      try (Sequential m = FerModels.seed()) {
        m.setClassNames(FerModels.CLASSES);
        m.exportSavedModel(out);
      }
      return;
    }
    Path p = Path.of(model);
    if (!Files.exists(p)) throw new Fer4jException(model + ": no such model file or directory (or 'seed')");
    if (io.fer4j.saving.ModelFiles.detect(p) == io.fer4j.saving.ModelFiles.Format.SAVED_MODEL) {
      copyTree(p, out);
      return;
    }
    try (io.fer4j.model.Model m = io.fer4j.saving.ModelFiles.load(p)) {
      m.exportSavedModel(out);
    }
  }

  /** The copy must load with tag serve and offer serving_default, as TF Serving requires. */
  private static void verify(Path dir) {
    try (LoadedSavedModel m = SavedModels.load(dir)) {
      if (!m.signatures().containsKey(ImageSignature.DEFAULT_SIGNATURE)) {
        throw new Fer4jException("the model has no 'serving_default' signature (has " + m.signatures().keySet() + "); TF Serving needs it");
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path src : (Iterable<Path>) s::iterator) {
        Path dst = to.resolve(from.relativize(src).toString());
        if (Files.isDirectory(src)) Files.createDirectories(dst);
        else Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
