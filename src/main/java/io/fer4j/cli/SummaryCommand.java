package io.fer4j.cli;

import io.fer4j.FerModels;
import io.fer4j.model.Sequential;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints Keras' model.summary() for the seed model. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print the Keras-style summary of the seed model.")
final class SummaryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (Sequential m = FerModels.seedArchitecture(48, 7)) {
      System.out.print(m.summary());
    }
    return 0;
  }
}
