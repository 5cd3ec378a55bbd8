package io.fer4j.cli;

import io.fer4j.FerModels;
import io.fer4j.Fer4jException;
import io.fer4j.callbacks.BackupAndRestore;
import io.fer4j.callbacks.CSVLogger;
import io.fer4j.callbacks.EarlyStopping;
import io.fer4j.callbacks.ReduceLROnPlateau;
import io.fer4j.callbacks.StopRequest;
import io.fer4j.callbacks.TrainingInterrupted;
import io.fer4j.util.RunLock;
import io.fer4j.data.AugmentedData;
import io.fer4j.data.Augmentation;
import io.fer4j.data.Dataset;
import io.fer4j.model.History;
import io.fer4j.callbacks.ModelCheckpoint;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.data.Interpolation;
import io.fer4j.data.ValidationSplit;
import io.fer4j.model.FitConfig;
import io.fer4j.model.Model;
import io.fer4j.saving.ModelFiles;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a model as the seed notebook does: the seed CNN, a Keras model file (fine-tuning, any
 * image classifier, Sequential or Functional) or a Keras model config (a fresh architecture);
 * stratified validation split, ModelCheckpoint of the best validation accuracy (OUT/savedmodel
 * and OUT/model_weights.keras), the final model (OUT/my_model.keras) and history.csv.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the seed CNN, a Keras model file or a Keras model config on image folders, a FER2013 CSV or the built-in synthetic faces.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "synthetic:4000", description = "DIR/<class>/*.jpg, FER2013 .csv, or synthetic[:N] (default: ${DEFAULT-VALUE})")
  String data;

  @Option(names = "--epochs", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE}, as Keras)")
  int batchSize;

  @picocli.CommandLine.Mixin
  OptimizerOptions optimizerOptions = new OptimizerOptions();

  @Option(names = "--validation-split", defaultValue = "0.1", description = "stratified fraction held out for validation (default: ${DEFAULT-VALUE})")
  double validationSplit;

  @Option(names = "--monitor", description = "checkpoint metric (default: val_accuracy, or accuracy without validation; val_acc is accepted)")
  String monitor;

  @Option(names = "--out", description = "run folder for the best model and history.csv (default: runs/train-<time>)")
  Path out;

  @Option(names = "--seed", defaultValue = "1337", description = "seed for weights, split and shuffles (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--split-seed", description = "seed of the validation split alone (default: --seed): ensemble members trained with different --seed values still hold out the same faces")
  Long splitSeed;

  @Option(names = "--augment", defaultValue = "auto", description = "auto (standard on real data, none on synthetic), none, standard, or e.g. flip,rotation=10,shift=0.1,zoom=0.1,brightness=0.1,contrast=0.1,blur=1,erasing=0.25 (blur: Keras RandomGaussianBlur, 3x3, sigma up to the value)")
  String augment;

  @Option(names = "--label-smoothing", defaultValue = "0", description = "Keras label_smoothing (default: ${DEFAULT-VALUE})")
  double labelSmoothing;

  @Option(names = "--class-weights", defaultValue = "none", description = "none or balanced (n / (classes * count)) (default: ${DEFAULT-VALUE})")
  String classWeights;

  @Option(names = "--early-stopping", defaultValue = "0", description = "EarlyStopping patience in epochs on the monitor, restoring the best weights; 0 = off")
  int earlyStopping;

  @Option(names = "--tensorboard", description = "write TensorBoard event files (train/, validation/) to this folder")
  Path tensorboard;

  @Option(names = "--reduce-lr", defaultValue = "0", description = "ReduceLROnPlateau patience (factor 0.5, min 1e-6) on val_loss; 0 = off")
  int reduceLr;

  @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant; cosine: CosineDecay per epoch from --learning-rate to 1%% of it at the last epoch; onecycle: CosineDecay warming up from 1/25 of --learning-rate to it over the first 30%% of the epochs, then cosine (default: ${DEFAULT-VALUE})")
  String lrSchedule;

  @Option(names = "--initial-model", description = "start from this model (.keras, .h5/.hdf5 or a fer4j SavedModel; any input size and channels, Sequential or Functional) instead of a fresh seed CNN: fine-tuning; its outputs must match the data's classes")
  Path initialModel;

  @Option(names = "--model-config", description = "train a fresh architecture from a Keras model config JSON (model.to_json(), or a .keras config.json)")
  Path modelConfig;

  @Option(names = "--architecture", defaultValue = "seed", description = "fresh model to train: seed (the notebook's CNN, 48x48) or vgg (FerModels.vggArchitecture: 4 stages of 2x[Conv-BN-relu], GAP head; use with --crop 40) (default: ${DEFAULT-VALUE})")
  String architecture;

  @Option(names = "--crop", defaultValue = "0", description = "train on random CxC crops of the 48x48 images (validation on the centre crop); the model takes CxC; 0 = off (default: ${DEFAULT-VALUE})")
  int crop;

  @Option(names = "--reduce-lr-monitor", defaultValue = "val_loss", description = "with --reduce-lr: the metric ReduceLROnPlateau watches (default: ${DEFAULT-VALUE}; val_accuracy as the VGG recipe)")
  String reduceLrMonitor;

  @Option(names = "--reduce-lr-factor", defaultValue = "0.5", description = "with --reduce-lr: the factor it multiplies the learning rate by (default: ${DEFAULT-VALUE})")
  double reduceLrFactor;

  @Option(names = "--dropout", defaultValue = "0.3", description = "with --architecture vgg: dropout before the classifier (default: ${DEFAULT-VALUE})")
  double dropout;

  @Option(names = "--width", defaultValue = "1.0", description = "with --architecture vgg: filter multiplier, rounded to multiples of 8 (0.75 = 48/96/192/384 filters) (default: ${DEFAULT-VALUE})")
  double width;

  @Option(names = "--freeze-up-to", paramLabel = "LAYER", description = "freeze every layer of model.layers up to and including LAYER (BatchNormalization there runs in inference mode, as Keras)")
  String freezeUpTo;

  /** Where the run is when a SIGTERM or SIGINT arrives: before fit nothing is lost by exiting at once. */
  private enum Phase { LOADING, TRAINING, FINISHING }

  private volatile Phase phase = Phase.LOADING;
  private final StopRequest stop = new StopRequest();

  @Override
  public Integer call() {
    if (epochs <= 0) throw new Fer4jException("--epochs must be positive, got " + epochs);
    if (batchSize <= 0) throw new Fer4jException("--batch-size must be positive, got " + batchSize);
    if (out == null) out = Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try (RunLock lock = RunLock.acquire(out, System.out); AutoCloseable signals = Signals.onEachTermination(this::onSignal)) {
      return train();
    } catch (TrainingInterrupted e) {
      System.out.flush();
      System.err.println("fer4j: " + e.getMessage());
      return e.reason().equals("SIGINT") ? 130 : 143;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // AutoCloseable.close of the signal handlers declares Exception; it throws none
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGTERM/SIGINT: during fit, back up at the next batch boundary and exit saying how to resume
   * (a second signal quits at once, keeping the last backup); before fit, exit at once.
   */
  private void onSignal(String name) {
    int code = name.equals("SIGINT") ? 130 : 143;
    switch (phase) {
      case LOADING -> {
        System.err.println("fer4j: " + name + " before training started: stopped, nothing to back up");
        Runtime.getRuntime().halt(code);
      }
      case TRAINING -> {
        if (stop.reason() == null) {
          stop.request(name);
          System.err.println("fer4j: " + name + ": stopping at the next batch boundary after writing a backup (" + name + " again quits at once)");
        } else {
          System.err.println("fer4j: " + name + " again: quitting now; the last backup in " + out.resolve("backup") + " is kept, run the same command again to resume from it");
          Runtime.getRuntime().halt(code);
        }
      }
      case FINISHING -> System.err.println("fer4j: " + name + ": training is done, finishing the final save first");
    }
  }

  /** The options a backup must share with the run that resumes it: they fix the model and the data order. */
  private java.util.Map<String, String> runOptions() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("--data", data);
    m.put("--batch-size", Integer.toString(batchSize));
    m.put("--seed", Long.toString(seed));
    m.put("--split-seed", Long.toString(splitSeed()));
    m.put("--validation-split", Double.toString(validationSplit));
    m.put("--augment", augment);
    m.put("--label-smoothing", Double.toString(labelSmoothing));
    m.put("--class-weights", classWeights);
    m.put("--initial-model", initialModel == null ? null : initialModel.toString());
    m.put("--model-config", modelConfig == null ? null : modelConfig.toString());
    m.put("--freeze-up-to", freezeUpTo);
    m.put("--architecture", architecture);
    m.put("--crop", Integer.toString(crop));
    return m;
  }

  private int train() {
    if (initialModel != null && modelConfig != null) throw new Fer4jException("--initial-model and --model-config both choose the model; use one");
    long t0 = System.nanoTime();
    Model given = initialModel != null ? ModelFiles.load(initialModel) : modelConfig != null ? fromConfig(modelConfig) : null;
    ImageData all;
    try {
      long[] own = given == null ? null : imageInput(given, initialModel != null ? initialModel : modelConfig);
      long[] in = given == null || crop > 0 ? new long[] {48, 48, 1} : own;
      if (given != null && crop > 0 && own[0] != crop) {
        throw new Fer4jException("--crop " + crop + ": the model takes " + java.util.Arrays.toString(given.inputShape()) + " images, not " + crop + "x" + crop + " crops");
      }
      all = Datasets.load(data, (int) in[0], (int) in[1], (int) in[2], Interpolation.NEAREST, true);
      if (given != null) checkClasses(given, initialModel != null ? initialModel : modelConfig, all);
    } catch (RuntimeException e) {
      if (given != null) given.close();
      throw e;
    }
    ImageData[] split = ValidationSplit.split(all, validationSplit, splitSeed());
    System.out.printf("data: %s — %d images, classes (label order) %s%n", data, all.size(), all.classes());
    System.out.printf("split: %d train / %d validation (stratified, seed %d); loaded in %.1fs%n",
        split[0].size(), split[1].size(), splitSeed(), (System.nanoTime() - t0) / 1e9);
    String mon = monitor != null ? monitor : split[1].size() > 0 ? "val_accuracy" : "accuracy";
    Path best = out.resolve("savedmodel");
    if (!List.of("constant", "cosine", "onecycle").contains(lrSchedule)) throw new Fer4jException("--lr-schedule must be constant, cosine or onecycle, got '" + lrSchedule + "'");
    if (!lrSchedule.equals("constant") && reduceLr > 0) throw new Fer4jException("--lr-schedule " + lrSchedule + " and --reduce-lr both set the learning rate; use one");
    try (Model model = given != null ? given : freshModel(all.classes().size())) {
      if (initialModel != null) System.out.printf("initial model: %s (%s, %,d params)%n", initialModel, model.className(), model.countParams());
      if (freezeUpTo != null) freeze(model, freezeUpTo);
      io.fer4j.optimizers.Optimizer opt = optimizerOptions.compile(model, freezeUpTo != null);
      float baseLearningRate = model.learningRate(); // before a backup restores a decayed one
      System.out.printf("optimizer: %s%s%n", OptimizerOptions.describe(opt, model.learningRate()),
          optimizerOptions.choosesOptimizer() || given == null || !given.isCompiled() ? "" : " (the model file's compile config" + (model.iterations() > 0 ? ", from step " + model.iterations() : "") + ")");
      model.setClassNames(all.classes());
      double[] sc = model.inputScaling();
      split[0] = split[0].scaled((float) sc[0], (float) sc[1]);
      split[1] = split[1].scaled((float) sc[0], (float) sc[1]);
      ModelCheckpoint ckpt = new ModelCheckpoint(best, mon, "auto", true);
      // the notebook's ModelCheckpoint("model_weights.keras"): the same best model as a Keras file
      ModelCheckpoint ckptKeras = new ModelCheckpoint(out.resolve("model_weights.keras"), mon, "auto", true).verbose(false);
      BackupAndRestore backup = new BackupAndRestore(out.resolve("backup")).tracking(ckpt, ckptKeras).run(runOptions()).stopOn(stop);
      BackupAndRestore.Resume resume = backup.restore(model);
      int initialEpoch = resume == null ? 0 : resume.epoch();
      CSVLogger csv = new CSVLogger(out.resolve("history.csv"), resume != null);
      FitConfig cfg = new FitConfig().epochs(epochs).batchSize(batchSize).seed(seed).labelSmoothing(labelSmoothing);
      // validate, checkpoint and finish with the moving averages (before the callbacks that read them)
      if (opt.useEma()) cfg.callback(new io.fer4j.callbacks.SwapEMAWeights(true));
      cfg.callbacks(ckpt, ckptKeras, csv);
      if (resume != null) {
        csv.truncateFrom(initialEpoch);
        resume.applyTo(cfg);
        String done = resume.batch() > 0 ? String.format("%d epoch(s) and %d batch(es) of epoch %d done, continuing at epoch %d batch %d",
            initialEpoch, resume.batch(), initialEpoch + 1, initialEpoch + 1, resume.batch() + 1)
            : String.format("%d epoch(s) done, continuing at epoch %d", initialEpoch, initialEpoch + 1);
        System.out.printf("Resuming from the backup in %s: %s (optimizer step %d, learning rate %.3g)%n",
            out.resolve("backup"), done, model.iterations(), model.learningRate());
      }
      if (classWeights.equals("balanced")) {
        cfg.classWeights(FitConfig.balancedClassWeights(split[0].classCounts()));
      } else if (!classWeights.equals("none")) {
        throw new Fer4jException("--class-weights must be none or balanced, got '" + classWeights + "'");
      }
      if (earlyStopping > 0) cfg.callback(new EarlyStopping(mon, "auto", 0, earlyStopping, true));
      if (lrSchedule.equals("cosine")) cfg.callback(io.fer4j.callbacks.LearningRateScheduler.cosineDecay(baseLearningRate, epochs, 0.01));
      if (lrSchedule.equals("onecycle")) cfg.callback(io.fer4j.callbacks.LearningRateScheduler.oneCycle(baseLearningRate, epochs));
      if (reduceLr > 0) {
        String rm = split[1].size() > 0 ? reduceLrMonitor : reduceLrMonitor.replaceFirst("^val_", "");
        cfg.callback(new ReduceLROnPlateau(rm, reduceLrFactor, reduceLr, 1e-4, 0, 1e-6));
      }
      Augmentation aug = augment.equals("auto") ? (data.startsWith("synthetic") ? Augmentation.none() : Augmentation.standard()) : Augmentation.parse(augment);
      System.out.printf("augmentation: %s; label smoothing %.2f; class weights %s; precision %s%n", aug, labelSmoothing, classWeights, io.fer4j.Devices.precision());
      Dataset train = aug.isIdentity() ? split[0] : new AugmentedData(split[0], aug, seed, (float) (127.5 * sc[0] + sc[1]));
      Dataset validation = split[1];
      if (crop > 0) {
        train = io.fer4j.data.CroppedData.random(train, crop, seed);
        validation = io.fer4j.data.CroppedData.center(validation, crop);
        System.out.printf("crops: random %dx%d of the 48x48 images for training, the centre crop for validation%n", crop, crop);
      }
      if (tensorboard != null) cfg.callback(new io.fer4j.callbacks.TensorBoard(tensorboard));
      cfg.callback(backup); // last: it records the state the other callbacks left
      phase = Phase.TRAINING;
      History h = model.fit(train, validation.size() > 0 ? validation : null, cfg);
      phase = Phase.FINISHING;
      Path last = out.resolve("my_model.keras");
      ModelFiles.save(model, last);
      System.out.printf("best %s: %.4f — model: %s and %s, final model: %s, history: %s%n", ckpt.monitorName(), ckpt.best(), best,
          out.resolve("model_weights.keras"), last, out.resolve("history.csv"));
      System.out.printf("input pipeline: training waited %.3fs for data over %.1fs of steps (%.2f%%)%n",
          model.lastDataWaitSeconds(), model.lastStepSeconds(), 100 * model.lastDataWaitSeconds() / Math.max(1e-9, model.lastStepSeconds()));
      if (h.epochs().isEmpty() && initialEpoch < epochs) throw new Fer4jException("no epoch ran");
    }
    return 0;
  }

  private long splitSeed() {
    return splitSeed != null ? splitSeed : seed;
  }

  /** The --architecture model, seeded, for this many classes. */
  private Model freshModel(int classes) {
    int size = crop > 0 ? crop : 48;
    return switch (architecture) {
      case "seed" -> FerModels.seedArchitecture(size, classes).seed(seed);
      case "vgg" -> FerModels.vggArchitecture(size, classes, dropout, width).seed(seed);
      default -> throw new Fer4jException("--architecture must be seed or vgg, got '" + architecture + "'");
    };
  }

  /** A fresh architecture from a Keras model config (the envelope {@code model.to_json()} writes). */
  private static Model fromConfig(Path file) {
    com.fasterxml.jackson.databind.JsonNode cfg;
    try {
      if (java.nio.file.Files.size(file) > 64L << 20) throw new Fer4jException(file + ": too large for a model config");
      cfg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new Fer4jException(file + ": not a readable JSON model config (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    return io.fer4j.keras.KerasFiles.fromConfig(file.toString(), cfg);
  }

  /** The model's per-image input (H, W, C); it must be a single image input. */
  private static long[] imageInput(Model m, Path file) {
    if (m.inputs().size() != 1 || m.outputs().size() != 1) throw new Fer4jException(file + ": train needs one image input and one output, the model has " + m.inputs().size() + " and " + m.outputs().size());
    long[] in = m.inputShape();
    if (in.length != 3 || in[2] != 1 && in[2] != 3) throw new Fer4jException(file + ": train needs an image input (H, W, 1 or 3), the model takes " + java.util.Arrays.toString(in));
    return in;
  }

  private static void checkClasses(Model m, Path file, ImageData data) {
    long[] o = m.outputShape();
    if (o.length != 1 || m.numOutputs() != data.classes().size()) {
      throw new Fer4jException(file + ": the model has outputs " + java.util.Arrays.toString(o) + ", the data has " + data.classes().size() + " classes " + data.classes());
    }
    if (m.classNames() != null && !m.classNames().equals(data.classes())) {
      throw new Fer4jException(file + ": the model was trained with classes " + m.classNames() + ", the data has " + data.classes());
    }
  }

  /** Keras' usual fine-tuning step: layer.trainable = False for the first layers, up to LAYER. */
  private static void freeze(Model m, String upTo) {
    java.util.List<io.fer4j.layers.Layer> layers = m.layers();
    int at = -1;
    for (int i = 0; i < layers.size(); i++) if (layers.get(i).name().equals(upTo)) at = i;
    if (at < 0) {
      throw new Fer4jException("--freeze-up-to " + upTo + ": no such layer; the model's layers are " + layers.stream().map(io.fer4j.layers.Layer::name).toList());
    }
    for (int i = 0; i <= at; i++) layers.get(i).setTrainable(false);
    System.out.printf("frozen: %d layers up to %s (%,d trainable params left)%n", at + 1, upTo, m.countTrainableParams());
  }
}
