package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.saving.ModelFiles;
import io.fer4j.model.Model;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Converts a Keras model file (.keras or legacy .h5, as Python Keras writes them) to a Keras 3
 * .keras file or a TF Serving SavedModel directory. A SavedModel is an input only when fer4j
 * exported it (its fer4j.json carries the layer config); others hold a graph, not layers.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a .keras or .h5 model (or a fer4j SavedModel) to .keras (Keras 3) or a SavedModel directory (any other OUT).")
final class ConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "a .keras or .h5 model file, or a SavedModel fer4j exported")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "OUT.keras, or a directory to write a SavedModel into")
  Path out;

  @Override
  public Integer call() {
    String o = out.getFileName().toString().toLowerCase(Locale.ROOT);
    try (Model m = ModelFiles.load(in)) {
      ModelFiles.save(m, out);
      System.out.println("wrote " + out + (o.endsWith(".keras") ? " (Keras 3 .keras" + (m.isCompiled() ? ", with optimizer state)" : ")") : " (SavedModel)"));
    }
    return 0;
  }
}
