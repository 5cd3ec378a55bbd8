package io.fer4j.saving;

import io.fer4j.model.Model;
import io.fer4j.model.ModelSaver;
import java.nio.file.Path;

/** Plugs {@link ModelFiles#save} into {@link Model#save} (registered in META-INF/services). */
public final class ModelFilesSaver implements ModelSaver {
  @Override
  public void save(Model model, Path path) { ModelFiles.save(model, path); }
}
