package io.fer4j.savedmodel;

import io.fer4j.Devices;
import io.fer4j.Fer4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Entry points for SavedModel directories: {@link #load} for inference (TF's C++ loader, as TF
 * Serving uses) and {@link #read} for inspection without creating a session (as saved_model_cli).
 */
public final class SavedModels {
  public static final String SERVE = "serve";

  private SavedModels() {}

  /** Loads the MetaGraph tagged {@code serve}. */
  public static LoadedSavedModel load(Path dir) {
    return load(dir, SERVE);
  }

  public static LoadedSavedModel load(Path dir, String... tags) {
    requireSavedModel(dir);
    SavedModelBundle b;
    try {
      b = SavedModelBundle.loader(dir.toString()).withTags(tags).withConfigProto(Devices.sessionConfig()).load();
    } catch (RuntimeException e) {
      throw new Fer4jException(dir + ": cannot load SavedModel with tags " + List.of(tags) + " (" + LoadedSavedModel.firstLine(e) + ")", e);
    }
    try {
      return new LoadedSavedModel(dir, b);
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
  }

  /** One MetaGraph of a SavedModel as saved_model_cli lists it. */
  public record MetaGraphInfo(List<String> tags, java.util.Map<String, SignatureInfo> signatures) {}

  /** Reads saved_model.pb only: every MetaGraph's tags and signatures. */
  public static List<MetaGraphInfo> read(Path dir) {
    Path pb = requireSavedModel(dir);
    try (InputStream in = Files.newInputStream(pb)) {
      SavedModel sm = SavedModel.parseFrom(in);
      List<MetaGraphInfo> out = new ArrayList<>();
      for (MetaGraphDef mg : sm.getMetaGraphsList()) out.add(new MetaGraphInfo(List.copyOf(mg.getMetaInfoDef().getTagsList()), SignatureDefs.of(mg)));
      return out;
    } catch (IOException e) {
      throw new Fer4jException(pb + ": unreadable SavedModel (" + e.getMessage() + ")", e);
    }
  }

  public static boolean isSavedModel(Path dir) {
    return Files.isRegularFile(dir.resolve("saved_model.pb"));
  }

  private static Path requireSavedModel(Path dir) {
    if (!Files.exists(dir)) throw new Fer4jException(dir + ": no such directory");
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) throw new Fer4jException(dir + ": not a SavedModel (no saved_model.pb)");
    return pb;
  }
}
