package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.saving.ModelFiles;
import io.fer4j.layers.Layer;
import io.fer4j.model.Model;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Converts a Keras model file (.keras or legacy .h5, as Python Keras writes them) to a Keras 3
 * .keras file or a TF Serving SavedModel directory. A SavedModel is an input only when fer4j
 * exported it (its fer4j.json carries the layer config); others hold a graph, not layers. With
 * {@code --layer NAME} it writes a model nested in IN (Keras {@code model.get_layer(NAME)}), e.g.
 * one member of an ensemble, with the weights it has inside IN.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a .keras or .h5 model (or a fer4j SavedModel) to .keras (Keras 3) or a SavedModel directory (any other OUT).")
final class ConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "a .keras or .h5 model file, or a SavedModel fer4j exported")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "OUT.keras, or a directory to write a SavedModel into")
  Path out;

  @Option(names = "--layer", paramLabel = "NAME", description = "write only the model nested in IN under this layer name (Keras get_layer), e.g. member_0 of an ensemble")
  String layer;

  @Override
  public Integer call() {
    String o = out.getFileName().toString().toLowerCase(Locale.ROOT);
    try (Model whole = ModelFiles.load(in)) {
      Model m = layer == null ? whole : nested(whole);
      ModelFiles.save(m, out);
      System.out.println("wrote " + out + (o.endsWith(".keras") ? " (Keras 3 .keras" + (m.isCompiled() ? ", with optimizer state)" : ")") : " (SavedModel)"));
    }
    return 0;
  }

  private Model nested(Model whole) {
    Layer l;
    try {
      l = whole.getLayer(layer);
    } catch (Fer4jException e) {
      throw new Fer4jException(in + ": " + e.getMessage());
    }
    if (!(l instanceof Model m)) throw new Fer4jException(in + ": layer '" + layer + "' is a " + l.className() + ", not a model");
    return m;
  }
}
