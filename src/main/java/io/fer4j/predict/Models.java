package io.fer4j.predict;

import io.fer4j.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a {@code --model} argument: a SavedModel directory (or, with the Keras readers, a .keras/.h5 file). */
public final class Models {
  private Models() {}

  public static ImageModel open(String spec) {
    Path p = Path.of(spec);
    if (!Files.exists(p)) throw new Fer4jException(spec + ": no such model file or directory");
    if (Files.isDirectory(p) && Files.exists(p.resolve("saved_model.pb"))) return new SavedModelImageModel(p);
    String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".keras") || n.endsWith(".h5") || Files.isDirectory(p)) {
      return new SequentialImageModel(io.fer4j.keras.KerasModels.load(p), "Keras model " + spec);
    }
    throw new Fer4jException(spec + ": unsupported model file (expected a SavedModel directory, .keras or .h5)");
  }
}
