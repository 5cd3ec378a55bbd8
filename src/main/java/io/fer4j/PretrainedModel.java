package io.fer4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where the pretrained FER2013 SavedModel is on this JVM's classpath, as a directory. Model zoos
 * ship weights as jars; io.fer4j:fer4j-fer2013-model holds the SavedModel under {@link #RESOURCE}.
 * TF loads a SavedModel from a directory only, so one inside a jar is copied once per JVM to a
 * temporary directory (deleted at exit); one in a classpath directory is used where it is.
 */
final class PretrainedModel {
  /** Classpath folder of the SavedModel: the highest savedmodels/fer version (fer4j.pretrained.version in the poms). */
  static final String RESOURCE = "io/fer4j/models/fer2013/2/";
  /** The artifact a library user adds. */
  static final String ARTIFACT = "io.fer4j:fer4j-fer2013-model";
  private static final List<String> FILES = List.of("saved_model.pb", "fer4j.json",
      "variables/variables.index", "variables/variables.data-00000-of-00001");
  private static Path directory;

  private PretrainedModel() {}

  /** The SavedModel directory; a one-line {@link Fer4jException} naming the artifact when it is not on the classpath. */
  static synchronized Path directory() {
    if (directory == null || !Files.isDirectory(directory)) directory = locate(loader());
    return directory;
  }

  /** The SavedModel directory as the class loader holds it: in place, or copied out of a jar. */
  static Path locate(ClassLoader cl) {
    URL pb = cl.getResource(RESOURCE + "saved_model.pb");
    if (pb == null) throw new Fer4jException("the pretrained FER2013 model is not on the classpath: add " + ARTIFACT + " (the same version as io.fer4j:fer4j) to your build");
    return "file".equals(pb.getProtocol()) ? inPlace(pb) : extract(cl);
  }

  private static Path inPlace(URL pb) {
    try {
      return Path.of(pb.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new Fer4jException(pb + ": not a usable path to the pretrained model (" + e.getMessage() + ")");
    }
  }

  private static Path extract(ClassLoader cl) {
    try {
      Path dir = Files.createTempDirectory("fer4j-fer2013-");
      dir.toFile().deleteOnExit(); // deleteOnExit runs in reverse order: files first, then their folders
      Files.createDirectories(dir.resolve("variables")).toFile().deleteOnExit();
      for (String f : FILES) {
        try (InputStream in = cl.getResourceAsStream(RESOURCE + f)) {
          if (in == null) throw new Fer4jException(ARTIFACT + " on the classpath lacks " + RESOURCE + f);
          Path target = dir.resolve(f);
          target.toFile().deleteOnExit();
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new Fer4jException("cannot extract the pretrained FER2013 model to a temporary directory (" + e.getMessage() + ")");
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null && context.getResource(RESOURCE + "saved_model.pb") != null ? context : PretrainedModel.class.getClassLoader();
  }
}
