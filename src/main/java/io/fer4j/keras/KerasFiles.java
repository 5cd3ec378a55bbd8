package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import io.fer4j.model.Model;
import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads Keras model files as a fer4j {@link Model} (Sequential or Functional):
 * <ul>
 *   <li>Keras 3 {@code .keras} zips (config.json + model.weights.h5), compiled with the Adam state
 *       restored when the file has a supported {@code compile_config};</li>
 *   <li>tf.keras 2.13–2.15 {@code .keras} zips ({@code _layer_checkpoint_dependencies} groups,
 *       including the backslash names written on Windows);</li>
 *   <li>an unzipped {@code .keras} directory (config.json + model.weights.h5), as Keras accepts;</li>
 *   <li>legacy full-model HDF5 files ({@link LegacyH5Loader}).</li>
 * </ul>
 * Which reader applies is decided once, from the content, by {@code io.fer4j.saving.ModelFiles}.
 * Every refusal is a one-line {@link Fer4jException} naming the file and the problem.
 */
public final class KerasFiles {
  /** Largest config.json accepted (Keras configs are kilobytes; big applications a few MB). */
  static final int CONFIG_CAP = 64 << 20;

  private KerasFiles() {}

  /** A {@code .keras} zip archive. */
  public static Model readArchive(Path file) {
    KerasArchive zip = KerasArchive.read(file);
    return loadParts(file, zip.member("config.json"), zip.member("model.weights.h5"), zip.member("model.weights.npz") != null);
  }

  /** An unzipped {@code .keras} (Keras' load_model accepts a directory holding config.json). */
  public static Model readDirectory(Path dir) {
    return loadParts(dir, readCapped(dir.resolve("config.json"), CONFIG_CAP), readCapped(dir.resolve("model.weights.h5"), KerasArchive.MEMBER_CAP),
        Files.exists(dir.resolve("model.weights.npz")));
  }

  /** A legacy full-model HDF5 file ({@code model.save("x.h5")}), whatever its name. */
  public static Model readH5(Path file) { return LegacyH5Loader.load(file); }

  /** Builds a model from a Keras config JSON object (config.json form), with initializer weights. */
  public static Model fromConfig(String source, JsonNode config) { return Configs.model(source, config); }

  static void closeQuietly(AutoCloseable m) {
    if (m == null) return;
    try {
      m.close();
    } catch (Exception ignored) {
      // closing a half-built model after a load error
    }
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

  private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private static Model loadParts(Path file, byte[] cfgBytes, byte[] weights, boolean hasNpz) {
    if (cfgBytes == null) throw new Fer4jException(file + ": not a Keras model archive (no config.json)");
    if (cfgBytes.length > CONFIG_CAP) throw new Fer4jException(file + ": config.json is too large (" + cfgBytes.length + " bytes)");
    JsonNode cfg = parseJson(file + " config.json", cfgBytes);
    if (weights == null) {
      if (hasNpz) throw new Fer4jException(file + ": npz weights are not supported (only model.weights.h5)");
      throw new Fer4jException(file + ": the archive has no model.weights.h5");
    }
    String source = file + " (model.weights.h5)";
    Model model = Configs.model(file + " (config.json)", cfg);
    try {
      boolean h5 = weights.length >= 8;
      for (int i = 0; h5 && i < 8; i++) h5 = weights[i] == HDF5_MAGIC[i];
      if (!h5) throw new Fer4jException(source + ": not an HDF5 file");
      try (HdfFile f = HdfFile.fromBytes(weights)) {
        WeightsH5Reader.read(source, f, model);
        if (CompileConfig.compile(cfg.get("compile_config"), model)) {
          CompileConfig.restoreOptimizer(source, WeightsH5Reader.optimizerVars(f), model);
        }
      }
      return model;
    } catch (HdfException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | UnsupportedOperationException | java.nio.BufferUnderflowException e) {
      closeQuietly(model);
      throw new Fer4jException(source + ": unreadable HDF5 (" + firstLine(e) + ")", e);
    } catch (RuntimeException e) { // jhdf on malformed files also throws ArithmeticException, NegativeArraySizeException, ...
      closeQuietly(model);
      if (e instanceof Fer4jException) throw e;
      throw new Fer4jException(source + ": unreadable HDF5 (" + e.getClass().getSimpleName() + ": " + firstLine(e) + ")", e);
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
