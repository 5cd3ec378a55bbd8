package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.keras.KerasModels;
import io.fer4j.model.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Converts a Keras model file (.keras or legacy .h5, as Python Keras writes them) to a Keras 3
 * .keras file or a TF Serving SavedModel directory. A SavedModel cannot be an input: it holds a
 * graph, not the layer config needed to rebuild a trainable model.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a .keras or .h5 model to .keras (Keras 3) or a SavedModel directory (any other OUT).")
final class ConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "a .keras or .h5 model file")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "OUT.keras, or a directory to write a SavedModel into")
  Path out;

  @Override
  public Integer call() {
    if (Files.isDirectory(in)) {
      throw new Fer4jException(in + ": a SavedModel directory cannot be converted (it has no Keras layer config); convert the .keras or .h5 it came from");
    }
    String o = out.getFileName().toString().toLowerCase(Locale.ROOT);
    if (o.endsWith(".h5")) throw new Fer4jException(out + ": writing .h5 is not supported; write .keras or a SavedModel directory");
    try (Sequential m = KerasModels.load(in)) {
      m.save(out);
      System.out.println("wrote " + out + (o.endsWith(".keras") ? " (Keras 3 .keras" + (m.isCompiled() ? ", with optimizer state)" : ")") : " (SavedModel)"));
    }
    return 0;
  }
}
