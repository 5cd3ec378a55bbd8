package io.fer4j.predict;

import io.fer4j.saving.ModelFiles;
import java.nio.file.Path;

/**
 * Opens a {@code --model} argument for prediction: a SavedModel directory runs as its graph
 * (any writer's); a Keras file (.keras, .h5, .hdf5, any name) is rebuilt as a fer4j model. The
 * format comes from {@link ModelFiles#detect}.
 */
public final class Models {
  private Models() {}

  public static ImageModel open(String spec) {
    Path p = Path.of(spec);
    if (ModelFiles.detect(p) == ModelFiles.Format.SAVED_MODEL) return new SavedModelImageModel(p);
    return new KerasImageModel(ModelFiles.load(p), "Keras model " + spec);
  }
}
