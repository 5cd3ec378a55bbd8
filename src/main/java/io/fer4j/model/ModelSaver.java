package io.fer4j.model;

import java.nio.file.Path;

/**
 * Writes a model to a path in a file format. The formats live outside this package (they depend
 * on the model, never the reverse); {@link Model#save} finds the implementation with
 * {@link java.util.ServiceLoader}, as {@code io.fer4j.saving.ModelFiles} registers it.
 */
public interface ModelSaver {
  void save(Model model, Path path);
}
