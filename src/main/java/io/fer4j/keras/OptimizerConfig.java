package io.fer4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.optimizers.Adam;
import io.fer4j.optimizers.AdamW;
import io.fer4j.optimizers.Adamax;
import io.fer4j.optimizers.Nadam;
import io.fer4j.optimizers.Optimizer;
import io.fer4j.optimizers.RMSprop;
import io.fer4j.optimizers.SGD;
import java.util.Set;

/**
 * Keras optimizer configs ({@code compile_config.optimizer}) to and from fer4j optimizers: the
 * six Keras 3 classes with their hyper-parameters, weight decay, clipping and EMA. A schedule,
 * loss scaling or gradient accumulation is reported as a problem, so the model stays uncompiled
 * instead of training with different numbers.
 */
final class OptimizerConfig {
  private OptimizerConfig() {}

  private static final Set<String> CLASSES = Set.of("SGD", "RMSprop", "Adam", "AdamW", "Adamax", "Nadam");

  private static String className(JsonNode opt) {
    String cls = opt.path("class_name").asText();
    return cls.startsWith("Custom>") ? cls.substring("Custom>".length()) : cls;
  }

  /** Why fer4j cannot train with this optimizer config, or null when it can. */
  static String problem(JsonNode opt) {
    if (opt == null || !opt.isObject()) return "no optimizer";
    String cls = className(opt);
    if (!CLASSES.contains(cls)) return "optimizer " + opt.path("class_name").asText() + " is not one of " + CLASSES;
    JsonNode c = opt.path("config");
    if (!c.path("learning_rate").isNumber()) return cls + " learning_rate " + c.get("learning_rate") + " is not a constant (schedules are not supported)";
    if (c.path("use_ema").asBoolean(false)) {
      JsonNode m = c.path("ema_momentum"), f = c.path("ema_overwrite_frequency");
      if (!m.isMissingNode() && !(m.isNumber() && m.asDouble() >= 0 && m.asDouble() <= 1)) return cls + " ema_momentum " + m + " is not a number in [0, 1]";
      if (!f.isMissingNode() && !f.isNull() && !(f.isIntegralNumber() && f.asLong() >= 1 && f.asLong() <= Integer.MAX_VALUE)) return cls + " ema_overwrite_frequency " + f + " is not an integer >= 1 or None";
    }
    for (String k : new String[] {"loss_scale_factor", "gradient_accumulation_steps"}) {
      JsonNode v = c.get(k);
      if (v != null && !v.isNull()) return cls + " " + k + " is not supported";
    }
    int clips = 0;
    for (String k : new String[] {"clipnorm", "global_clipnorm", "clipvalue", "weight_decay"}) {
      JsonNode v = c.get(k);
      if (v != null && !v.isNull() && !v.isNumber()) return cls + " " + k + " " + v + " is not a number";
      if (v != null && v.isNumber() && !k.equals("weight_decay")) clips++;
    }
    if (clips > 1) return cls + ": only one of clipnorm, clipvalue and global_clipnorm can be set";
    return null;
  }

  /** The optimizer a config describes (call {@link #problem} first). */
  static Optimizer read(JsonNode opt) {
    JsonNode c = opt.path("config");
    String cls = className(opt);
    double lr = c.path("learning_rate").asDouble();
    Optimizer o = switch (cls) {
      case "SGD" -> new SGD(lr, c.path("momentum").asDouble(0), c.path("nesterov").asBoolean(false));
      case "RMSprop" -> new RMSprop(lr, c.path("rho").asDouble(0.9), c.path("momentum").asDouble(0), c.path("epsilon").asDouble(1e-7), c.path("centered").asBoolean(false));
      case "Adam" -> new Adam(lr, beta1(c), beta2(c), eps(c)).amsgrad(c.path("amsgrad").asBoolean(false));
      case "AdamW" -> new AdamW(lr, c.path("weight_decay").asDouble(0.004), beta1(c), beta2(c), eps(c)).amsgrad(c.path("amsgrad").asBoolean(false));
      case "Adamax" -> new Adamax(lr, beta1(c), beta2(c), eps(c));
      case "Nadam" -> new Nadam(lr, beta1(c), beta2(c), eps(c));
      default -> throw new IllegalStateException(cls);
    };
    if (c.path("name").isTextual()) o.name(c.get("name").asText());
    if (c.path("weight_decay").isNumber()) o.weightDecay(c.get("weight_decay").asDouble());
    if (c.path("clipnorm").isNumber()) o.clipnorm(c.get("clipnorm").asDouble());
    if (c.path("global_clipnorm").isNumber()) o.globalClipnorm(c.get("global_clipnorm").asDouble());
    if (c.path("clipvalue").isNumber()) o.clipvalue(c.get("clipvalue").asDouble());
    if (c.path("use_ema").asBoolean(false)) {
      JsonNode f = c.path("ema_overwrite_frequency");
      o.ema(c.path("ema_momentum").asDouble(0.99), f.isIntegralNumber() ? f.asInt() : null);
    }
    return o;
  }

  private static double beta1(JsonNode c) { return c.path("beta_1").asDouble(0.9); }
  private static double beta2(JsonNode c) { return c.path("beta_2").asDouble(0.999); }
  private static double eps(JsonNode c) { return c.path("epsilon").asDouble(1e-7); }

  /** Keras' serialized optimizer: module, class_name, config (with the current learning rate), registered_name. */
  static void write(ObjectNode opt, Optimizer o, float learningRate) {
    opt.put("module", "keras.optimizers");
    opt.put("class_name", o.kerasClassName());
    o.writeConfig(opt.putObject("config"), learningRate);
    opt.putNull("registered_name");
  }
}
