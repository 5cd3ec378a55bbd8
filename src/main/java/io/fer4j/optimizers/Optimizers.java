package io.fer4j.optimizers;

import io.fer4j.Fer4jException;
import java.util.List;
import java.util.Locale;

/** Keras optimizer identifiers ({@code "sgd"}, {@code "adamw"}, ...) to optimizers with Keras' defaults: the string boundary of compile and the CLI. */
public final class Optimizers {
  private Optimizers() {}

  public static final List<String> NAMES = List.of("adam", "sgd", "rmsprop", "adamw", "adamax", "nadam");

  /** The optimizer {@code name} with Keras' defaults, or with {@code learningRate} when it is not null. */
  public static Optimizer get(String name, Double learningRate) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "adam" -> learningRate == null ? new Adam() : new Adam(learningRate);
      case "sgd" -> learningRate == null ? new SGD() : new SGD(learningRate);
      case "rmsprop" -> learningRate == null ? new RMSprop() : new RMSprop(learningRate);
      case "adamw" -> learningRate == null ? new AdamW() : new AdamW(learningRate, 0.004);
      case "adamax" -> learningRate == null ? new Adamax() : new Adamax(learningRate);
      case "nadam" -> learningRate == null ? new Nadam() : new Nadam(learningRate);
      default -> throw new Fer4jException("unknown optimizer '" + name + "' (fer4j has " + NAMES + ")");
    };
  }
}
