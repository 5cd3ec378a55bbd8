package io.fer4j.saving;

import io.fer4j.Fer4jException;
import io.fer4j.keras.FerSavedModels;
import io.fer4j.keras.KerasFiles;
import io.fer4j.keras.KerasSaver;
import io.fer4j.model.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keras' {@code keras.saving.load_model} / {@code save_model} for fer4j: the one place that
 * decides a model file's format, from its content (zip magic, HDF5 signature, a directory's
 * {@code saved_model.pb} or {@code config.json}), never from its name, so {@code .hdf5},
 * {@code .hdf} or no extension at all load. Every command and callback loads and saves here.
 */
public final class ModelFiles {
  static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** What a path holds. */
  public enum Format { KERAS_ARCHIVE, KERAS_DIRECTORY, HDF5, SAVED_MODEL }

  private ModelFiles() {}

  /** The format of an existing file or directory; a one-line refusal when it is none of them. */
  public static Format detect(Path path) {
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve("saved_model.pb"))) return Format.SAVED_MODEL;
      if (Files.isRegularFile(path.resolve("config.json"))) return Format.KERAS_DIRECTORY;
      throw new Fer4jException(path + ": a directory without config.json or saved_model.pb (neither an unzipped .keras nor a SavedModel)");
    }
    if (!Files.isRegularFile(path)) throw new Fer4jException(path + ": no such file or directory");
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(path)) {
      n = in.readNBytes(head, 0, 8);
    } catch (IOException e) {
      throw new Fer4jException(path + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (n >= 4 && startsWith(head, ZIP_MAGIC)) return Format.KERAS_ARCHIVE;
    if (n == 8 && startsWith(head, HDF5_MAGIC)) return Format.HDF5;
    throw new Fer4jException(path + ": not a model file: neither a .keras zip nor an HDF5 file (bad magic bytes)");
  }

  /**
   * Loads a model for training and inference: a .keras archive or directory, a Keras HDF5 file,
   * or a SavedModel that fer4j exported (other SavedModels hold a graph, not layers: serve or
   * predict them through {@code io.fer4j.savedmodel}).
   */
  public static Model load(Path path) {
    return switch (detect(path)) {
      case KERAS_ARCHIVE -> KerasFiles.readArchive(path);
      case KERAS_DIRECTORY -> KerasFiles.readDirectory(path);
      case HDF5 -> KerasFiles.readH5(path);
      case SAVED_MODEL -> FerSavedModels.load(path);
    };
  }

  /**
   * Saves a model: a path ending in {@code .keras} becomes a Keras 3 archive, anything else a
   * SavedModel directory. HDF5 is Keras' legacy format and is not written.
   */
  public static void save(Model model, Path path) {
    String f = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (f.endsWith(".keras")) {
      KerasSaver.save(model, path);
    } else if (f.endsWith(".h5") || f.endsWith(".hdf5") || f.endsWith(".hdf")) {
      throw new Fer4jException(path + ": writing HDF5 (Keras' legacy format) is not supported; save as .keras or a SavedModel directory");
    } else {
      model.exportSavedModel(path);
    }
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) if (a[i] != prefix[i]) return false;
    return true;
  }
}
