package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.model.Model;
import io.fer4j.optimizers.Optimizer;
import io.fer4j.optimizers.Optimizers;
import io.fer4j.optimizers.RMSprop;
import io.fer4j.optimizers.SGD;
import picocli.CommandLine.Option;

/**
 * The optimizer flags of {@code train}. With none of them, a model file's own compiled optimizer
 * (and its restored state) is kept; {@code --learning-rate} alone only changes its learning rate.
 * Otherwise the flags build the optimizer (default adam, with Keras' default learning rate 1e-3).
 * {@code --loss} and {@code --metrics} likewise default to the file's compiled ones.
 */
final class OptimizerOptions {
  @Option(names = "--optimizer", description = "adam, sgd, rmsprop, adamw, adamax or nadam (default: the model file's compiled optimizer, else adam)")
  String optimizer;

  @Option(names = "--learning-rate", description = "learning rate (default: the model file's, else the optimizer's Keras default: adam 1e-3, sgd 0.01, ...; the seed notebook used 1e-4)")
  Double learningRate;

  @Option(names = "--momentum", description = "momentum of sgd or rmsprop (Keras default 0)")
  Double momentum;

  @Option(names = "--nesterov", description = "Nesterov momentum (sgd)")
  boolean nesterov;

  @Option(names = "--weight-decay", description = "decoupled weight decay: var -= var * wd * lr before each update (adamw default 0.004)")
  Double weightDecay;

  @Option(names = "--clipnorm", description = "clip each gradient to this L2 norm")
  Double clipnorm;

  @Option(names = "--clipvalue", description = "clip each gradient element to [-v, v]")
  Double clipvalue;

  @Option(names = "--global-clipnorm", description = "clip all gradients together to this global L2 norm")
  Double globalClipnorm;

  @Option(names = "--ema", paramLabel = "MOMENTUM", description = "keep an exponential moving average of the weights (Keras use_ema=True, ema_momentum; e.g. 0.999), validate and checkpoint with it (SwapEMAWeights(swap_on_epoch=True)) and end with it")
  Double ema;

  @Option(names = "--loss", description = "Keras loss: categorical_crossentropy, sparse_categorical_crossentropy (integer labels), binary_crossentropy (one sigmoid unit for 2 classes, or one-hot), mse, mae, huber (default: the model file's compiled loss, else categorical_crossentropy)")
  String loss;

  @Option(names = "--metrics", split = ",", description = "Keras metrics, comma-separated: accuracy, top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, precision, recall, auc, ... (default: the model file's, else accuracy)")
  java.util.List<String> metrics;

  /** True when a flag other than --learning-rate asks for a specific optimizer. */
  boolean choosesOptimizer() {
    return optimizer != null || momentum != null || nesterov || weightDecay != null || clipnorm != null || clipvalue != null || globalClipnorm != null || ema != null;
  }

  /** The optimizer the flags describe. */
  Optimizer build() {
    String name = optimizer == null ? "adam" : optimizer;
    Optimizer o = Optimizers.get(name, learningRate); // null: Keras' default for this optimizer
    if (momentum != null || nesterov) {
      if (o instanceof SGD) o = new SGD(o.learningRate(), momentum == null ? 0 : momentum, nesterov);
      else if (o instanceof RMSprop && !nesterov) o = new RMSprop(o.learningRate(), 0.9, momentum, 1e-7, false);
      else throw new Fer4jException(nesterov ? "--nesterov applies to --optimizer sgd only" : "--momentum applies to --optimizer sgd or rmsprop only");
      if (nesterov && (momentum == null || momentum == 0)) throw new Fer4jException("--nesterov needs --momentum > 0");
    }
    if (weightDecay != null) o.weightDecay(weightDecay);
    if (clipnorm != null) o.clipnorm(clipnorm);
    if (clipvalue != null) o.clipvalue(clipvalue);
    if (globalClipnorm != null) o.globalClipnorm(globalClipnorm);
    if (ema != null) o.ema(ema, null);
    return o;
  }

  /**
   * Compiles {@code model} for training: the flags' optimizer, or the file's own when no flag
   * chooses one (kept with its restored state unless {@code recompile}: layers were frozen).
   */
  Optimizer compile(Model model, boolean recompile) {
    var given = model.compilation();
    io.fer4j.losses.Loss l = loss != null ? io.fer4j.losses.Losses.get(loss) : given != null ? given.loss() : io.fer4j.losses.Losses.get("categorical_crossentropy");
    Object[] ms = metrics != null ? metrics.toArray() : given != null && loss == null ? given.metrics().toArray() : new Object[] {"accuracy"};
    if (!choosesOptimizer() && model.isCompiled()) {
      if (recompile || loss != null || metrics != null) {
        boolean keepState = !recompile; // the same trainable weights: the restored optimizer state still fits
        long it = model.iterations();
        float lr = model.learningRate();
        java.util.List<float[]> slots = model.optimizerSlots();
        model.compile(model.optimizer(), l, ms);
        if (keepState) {
          model.setOptimizerState(it, slots);
          model.setLearningRate(lr);
        }
      }
      if (learningRate != null) model.setLearningRate(learningRate);
      return model.optimizer();
    }
    model.compile(build(), l, ms);
    return model.optimizer();
  }

  static String describe(Optimizer o, float lr) {
    StringBuilder sb = new StringBuilder(o.kerasClassName()).append("(learning_rate=").append(String.format("%.3g", lr));
    if (o instanceof SGD s) sb.append(", momentum=").append(s.momentum()).append(", nesterov=").append(s.nesterov());
    if (o.weightDecay() != null) sb.append(", weight_decay=").append(o.weightDecay());
    if (o.clipnorm() != null) sb.append(", clipnorm=").append(o.clipnorm());
    if (o.clipvalue() != null) sb.append(", clipvalue=").append(o.clipvalue());
    if (o.globalClipnorm() != null) sb.append(", global_clipnorm=").append(o.globalClipnorm());
    if (o.useEma()) sb.append(", use_ema=true, ema_momentum=").append(o.emaMomentum()).append(o.emaOverwriteFrequency() == null ? "" : ", ema_overwrite_frequency=" + o.emaOverwriteFrequency());
    return sb.append(')').toString();
  }
}
