package io.fer4j.cli;

import io.fer4j.savedmodel.VersionedExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer4j export}: publishes a model as a new TF Serving version (BASE/N), atomically. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a model as a TF Serving SavedModel version BASE/N (tag serve, signature serving_default, method tensorflow/serving/predict).")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "M", description = "a SavedModel directory, or 'seed' (an untrained seed CNN, for demos)")
  String model;

  @Option(names = "--model-base-path", required = true, paramLabel = "BASE", description = "TF Serving model base path")
  Path base;

  @Option(names = "--version", paramLabel = "N", description = "version number (default: the next free one); an existing version is never overwritten")
  Long version;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path dir = VersionedExport.export(model, base, version);
    spec.commandLine().getOut().println("exported " + model + " as version " + dir.getFileName() + ": " + dir);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
