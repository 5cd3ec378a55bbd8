package io.fer4j.savedmodel;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * TF Serving's model base path layout: {@code BASE/<int64 version>/saved_model.pb}. Names that do
 * not parse as a non-negative int64 (e.g. the {@code .N.tmp-*} folders an export writes first)
 * are ignored, exactly as TF Serving's file-system source ignores them.
 */
public final class VersionDirs {
  private VersionDirs() {}

  /** Version number to directory, for every version folder holding a saved_model.pb. */
  public static TreeMap<Long, Path> list(Path base) {
    TreeMap<Long, Path> out = new TreeMap<>();
    if (!Files.isDirectory(base)) return out;
    try (Stream<Path> s = Files.list(base)) {
      s.forEach(p -> {
        Long v = parse(p.getFileName().toString());
        if (v != null && SavedModels.isSavedModel(p)) out.put(v, p);
      });
    } catch (IOException e) {
      throw new Fer4jException(base + ": cannot list model versions (" + e.getMessage() + ")", e);
    }
    return out;
  }

  /** The version a folder name stands for, or null (TF Serving: absl::SimpleAtoi into int64). */
  public static Long parse(String name) {
    if (name.isEmpty() || name.length() > 19) return null;
    for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return null;
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The next free version: one above every numeric folder (even unfinished ones), 1 for an empty base. */
  public static long next(Path base) {
    long max = 0;
    if (Files.isDirectory(base)) {
      try (Stream<Path> s = Files.list(base)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Long v = parse(p.getFileName().toString());
          if (v != null) max = Math.max(max, v);
        }
      } catch (IOException e) {
        throw new Fer4jException(base + ": cannot list model versions (" + e.getMessage() + ")", e);
      }
    }
    return max + 1;
  }

  /** A SavedModel directory as given, or the highest version of a model base path. */
  public static Path resolve(Path dirOrBase) {
    if (SavedModels.isSavedModel(dirOrBase)) return dirOrBase;
    TreeMap<Long, Path> v = list(dirOrBase);
    if (!v.isEmpty()) return v.lastEntry().getValue();
    if (!Files.exists(dirOrBase)) throw new Fer4jException(dirOrBase + ": no such directory");
    throw new Fer4jException(dirOrBase + ": not a SavedModel (no saved_model.pb) nor a model base path with version folders");
  }
}
