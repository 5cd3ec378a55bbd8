package io.fer4j.serving;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One served model, as TF Serving's {@code ModelConfig}: name, base path, which versions to keep
 * loaded (the latest {@code latest} ones, or exactly {@code specific}) and version labels.
 */
public record ModelConfig(String name, Path basePath, int latest, List<Long> specific, Map<String, Long> labels) {
  public ModelConfig {
    specific = specific == null ? List.of() : List.copyOf(specific);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** TF Serving's default policy: serve the highest version only. */
  public static ModelConfig latest(String name, Path basePath) {
    return new ModelConfig(name, basePath, 1, List.of(), Map.of());
  }
}
