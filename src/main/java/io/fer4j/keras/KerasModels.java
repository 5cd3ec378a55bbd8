package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import io.fer4j.model.Sequential;
import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads Keras model files as a fer4j {@link Sequential}:
 * <ul>
 *   <li>Keras 3 {@code .keras} zips (config.json + model.weights.h5), compiled with the Adam state
 *       restored when the file has a supported {@code compile_config};</li>
 *   <li>tf.keras 2.13–2.15 {@code .keras} zips ({@code _layer_checkpoint_dependencies} groups,
 *       including the backslash names written on Windows);</li>
 *   <li>legacy full-model HDF5 {@code .h5} files from tf.keras 2.x and Keras 3's legacy writer;</li>
 *   <li>an unzipped {@code .keras} directory (config.json + model.weights.h5), as Keras accepts;</li>
 *   <li>a SavedModel exported by fer4j (its fer4j.json carries the layer config).</li>
 * </ul>
 * The format is told by the file's first bytes, not its extension. Every refusal is a one-line
 * {@link Fer4jException} naming the file and the problem.
 */
public final class KerasModels {
  static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  /** Largest config.json accepted (Keras configs are kilobytes). */
  static final int CONFIG_CAP = 64 << 20;

  private KerasModels() {}

  public static Sequential load(Path file) {
    AutoCloseable m = loadAny(file, false);
    if (m instanceof Sequential s) return s;
    closeQuietly(m);
    throw new Fer4jException(file + ": a functional model with merge layers (Add, Concatenate, ...); load it with KerasModels.loadFunctional (inference only)");
  }

  /**
   * Loads a single-input, single-output Keras functional model (e.g. with residual Add or
   * Concatenate branches) for inference. Sequential files are refused: use {@link #load}.
   */
  public static FunctionalModel loadFunctional(Path file) {
    AutoCloseable m = loadAny(file, true);
    if (m instanceof FunctionalModel f) return f;
    closeQuietly(m);
    throw new Fer4jException(file + ": a Sequential model; load it with KerasModels.load");
  }

  static void closeQuietly(AutoCloseable m) {
    if (m == null) return;
    try {
      m.close();
    } catch (Exception ignored) {
      // closing a half-built model after a load error
    }
  }

  private static AutoCloseable loadAny(Path file, boolean preferFunctional) {
    if (Files.isDirectory(file)) {
      if (Files.isRegularFile(file.resolve("config.json"))) return loadDirectory(file, preferFunctional);
      if (Files.isRegularFile(file.resolve("saved_model.pb"))) return FerSavedModels.load(file);
      throw new Fer4jException(file + ": is a directory without config.json; KerasModels reads .keras or .h5 files or an unzipped .keras (a SavedModel directory cannot be rebuilt as a Sequential)");
    }
    if (!Files.isRegularFile(file)) throw new Fer4jException(file + ": no such file");
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 8);
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (n >= 4 && startsWith(head, ZIP_MAGIC)) return loadArchive(file, preferFunctional);
    if (n == 8 && startsWith(head, HDF5_MAGIC)) return LegacyH5Loader.load(file, preferFunctional);
    throw new Fer4jException(file + ": neither a .keras zip nor an HDF5 file (bad magic bytes)");
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) if (a[i] != prefix[i]) return false;
    return true;
  }

  private static AutoCloseable loadArchive(Path file, boolean preferFunctional) {
    KerasArchive zip = KerasArchive.read(file);
    return loadParts(file, zip.member("config.json"), zip.member("model.weights.h5"), zip.member("model.weights.npz") != null, preferFunctional);
  }

  /** An unzipped .keras (Keras' load_model accepts a directory holding config.json). */
  private static AutoCloseable loadDirectory(Path dir, boolean preferFunctional) {
    return loadParts(dir, readCapped(dir.resolve("config.json"), CONFIG_CAP), readCapped(dir.resolve("model.weights.h5"), KerasArchive.MEMBER_CAP),
        Files.exists(dir.resolve("model.weights.npz")), preferFunctional);
  }

  private static byte[] readCapped(Path f, long cap) {
    try {
      if (!Files.isRegularFile(f)) return null;
      if (Files.size(f) > cap) throw new Fer4jException(f + ": too large (" + Files.size(f) + " bytes)");
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new Fer4jException(f + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static AutoCloseable loadParts(Path file, byte[] cfgBytes, byte[] weights, boolean hasNpz, boolean preferFunctional) {
    if (cfgBytes == null) throw new Fer4jException(file + ": not a Keras model archive (no config.json)");
    if (cfgBytes.length > CONFIG_CAP) throw new Fer4jException(file + ": config.json is too large (" + cfgBytes.length + " bytes)");
    JsonNode cfg = parseJson(file + " config.json", cfgBytes);
    if (weights == null) {
      if (hasNpz) throw new Fer4jException(file + ": npz weights are not supported (only model.weights.h5)");
      throw new Fer4jException(file + ": the archive has no model.weights.h5");
    }
    String source = file + " (model.weights.h5)";
    AutoCloseable model = SequentialConfig.buildAny(file + " (config.json)", cfg, preferFunctional);
    try {
      if (weights.length < 8 || !startsWith(weights, HDF5_MAGIC)) throw new Fer4jException(source + ": not an HDF5 file");
      try (HdfFile h5 = HdfFile.fromBytes(weights)) {
        WeightsH5Reader.read(source, h5, model);
        if (model instanceof Sequential seq && CompileConfig.compile(cfg.get("compile_config"), seq)) {
          CompileConfig.restoreOptimizer(source, WeightsH5Reader.optimizerVars(h5), seq);
        }
      }
      return model;
    } catch (HdfException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | UnsupportedOperationException | java.nio.BufferUnderflowException e) {
      closeQuietly(model);
      throw new Fer4jException(source + ": unreadable HDF5 (" + firstLine(e) + ")", e);
    } catch (RuntimeException e) {
      closeQuietly(model);
      throw e;
    }
  }

  static JsonNode parseJson(String what, byte[] bytes) {
    try {
      return new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw new Fer4jException(what + ": invalid JSON (" + firstLine(e) + ")", e);
    }
  }

  static JsonNode parseJson(String what, String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new Fer4jException(what + ": invalid JSON (" + firstLine(e) + ")", e);
    }
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
  }
}
