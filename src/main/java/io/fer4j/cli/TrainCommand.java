package io.fer4j.cli;

import io.fer4j.FerModels;
import io.fer4j.Fer4jException;
import io.fer4j.callbacks.BackupAndRestore;
import io.fer4j.callbacks.CSVLogger;
import io.fer4j.callbacks.EarlyStopping;
import io.fer4j.callbacks.ReduceLROnPlateau;
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
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the seed model, as the notebook does: stratified validation split, ModelCheckpoint of
 * the best validation accuracy (a SavedModel in OUT/savedmodel) and history.csv.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the seed CNN on image folders, a FER2013 CSV or the built-in synthetic faces.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "synthetic", description = "DIR/<class>/*.jpg, FER2013 .csv, or synthetic[:N] (default: ${DEFAULT-VALUE})")
  String data;

  @Option(names = "--epochs", defaultValue = "3", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE}, as Keras)")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "1e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--validation-split", defaultValue = "0.1", description = "stratified fraction held out for validation (default: ${DEFAULT-VALUE})")
  double validationSplit;

  @Option(names = "--monitor", description = "checkpoint metric (default: val_accuracy, or accuracy without validation; val_acc is accepted)")
  String monitor;

  @Option(names = "--out", description = "run folder for the best model and history.csv (default: runs/train-<time>)")
  Path out;

  @Option(names = "--seed", defaultValue = "1337", description = "seed for weights, split and shuffles (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--augment", defaultValue = "auto", description = "auto (standard on real data, none on synthetic), none, standard, or e.g. flip,rotation=10,shift=0.1,zoom=0.1,brightness=0.1,contrast=0.1,erasing=0.25")
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

  @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant, or cosine: CosineDecay per epoch from --learning-rate to 1%% of it at the last epoch (default: ${DEFAULT-VALUE})")
  String lrSchedule;

  @Option(names = "--initial-model", description = "start from this model (.keras, .h5 or a fer4j SavedModel) instead of a fresh seed CNN: fine-tuning; its input must be 48x48x1 and its classes the data's")
  Path initialModel;

  @Override
  public Integer call() {
    if (epochs <= 0) throw new Fer4jException("--epochs must be positive, got " + epochs);
    if (batchSize <= 0) throw new Fer4jException("--batch-size must be positive, got " + batchSize);
    if (out == null) out = Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    long t0 = System.nanoTime();
    ImageData all = Datasets.load(data, 48, 48, 1, Interpolation.NEAREST, true);
    ImageData[] split = ValidationSplit.split(all, validationSplit, seed);
    System.out.printf("data: %s — %d images, classes (label order) %s%n", data, all.size(), all.classes());
    System.out.printf("split: %d train / %d validation (stratified, seed %d); loaded in %.1fs%n",
        split[0].size(), split[1].size(), seed, (System.nanoTime() - t0) / 1e9);
    String mon = monitor != null ? monitor : split[1].size() > 0 ? "val_accuracy" : "accuracy";
    Path best = out.resolve("savedmodel");
    if (!lrSchedule.equals("constant") && !lrSchedule.equals("cosine")) throw new Fer4jException("--lr-schedule must be constant or cosine, got '" + lrSchedule + "'");
    if (lrSchedule.equals("cosine") && reduceLr > 0) throw new Fer4jException("--lr-schedule cosine and --reduce-lr both set the learning rate; use one");
    try (Model model = initialModel != null ? startingPoint(initialModel, all) : FerModels.seedArchitecture(48, all.classes().size()).seed(seed)) {
      model.compile(new io.fer4j.optimizers.Adam(learningRate), "categorical_crossentropy", "accuracy");
      model.setClassNames(all.classes());
      ModelCheckpoint ckpt = new ModelCheckpoint(best, mon, "auto", true);
      BackupAndRestore backup = new BackupAndRestore(out.resolve("backup")).tracking(ckpt);
      int initialEpoch = backup.restore(model);
      CSVLogger csv = new CSVLogger(out.resolve("history.csv"), initialEpoch > 0);
      if (initialEpoch > 0) {
        csv.truncateFrom(initialEpoch);
        System.out.printf("Resuming from the backup in %s: %d epoch(s) done, continuing at epoch %d (optimizer step %d, learning rate %.3g)%n",
            out.resolve("backup"), initialEpoch, initialEpoch + 1, model.iterations(), model.learningRate());
      }
      FitConfig cfg = new FitConfig().epochs(epochs).batchSize(batchSize).seed(seed).labelSmoothing(labelSmoothing)
          .initialEpoch(initialEpoch).callbacks(ckpt, csv);
      if (classWeights.equals("balanced")) {
        cfg.classWeights(FitConfig.balancedClassWeights(split[0].classCounts()));
      } else if (!classWeights.equals("none")) {
        throw new Fer4jException("--class-weights must be none or balanced, got '" + classWeights + "'");
      }
      if (earlyStopping > 0) cfg.callback(new EarlyStopping(mon, "auto", 0, earlyStopping, true));
      if (lrSchedule.equals("cosine")) cfg.callback(io.fer4j.callbacks.LearningRateScheduler.cosineDecay(learningRate, epochs, 0.01));
      if (reduceLr > 0) cfg.callback(new ReduceLROnPlateau(split[1].size() > 0 ? "val_loss" : "loss", 0.5, reduceLr, 1e-4, 0, 1e-6));
      Augmentation aug = augment.equals("auto") ? (data.startsWith("synthetic") ? Augmentation.none() : Augmentation.standard()) : Augmentation.parse(augment);
      System.out.printf("augmentation: %s; label smoothing %.2f; class weights %s; precision %s%n", aug, labelSmoothing, classWeights, io.fer4j.Devices.precision());
      Dataset train = aug.isIdentity() ? split[0] : new AugmentedData(split[0], aug, seed, 0.5f);
      if (tensorboard != null) cfg.callback(new io.fer4j.callbacks.TensorBoard(tensorboard));
      cfg.callback(backup); // last: it records the state the other callbacks left
      History h = model.fit(train, split[1].size() > 0 ? split[1] : null, cfg);
      System.out.printf("best %s: %.4f — model: %s, history: %s%n", ckpt.monitorName(), ckpt.best(), best, out.resolve("history.csv"));
      System.out.printf("input pipeline: training waited %.3fs for data over %.1fs of steps (%.2f%%)%n",
          model.lastDataWaitSeconds(), model.lastStepSeconds(), 100 * model.lastDataWaitSeconds() / Math.max(1e-9, model.lastStepSeconds()));
      if (h.epochs().isEmpty() && initialEpoch < epochs) throw new Fer4jException("no epoch ran");
    }
    return 0;
  }

  /** The model to fine-tune: a Keras file whose input and output fit the data. */
  private static Model startingPoint(Path file, ImageData data) {
    Model m = io.fer4j.saving.ModelFiles.load(file);
    long[] in = m.inputShape();
    if (in.length != 3 || in[0] != 48 || in[1] != 48 || in[2] != 1) {
      m.close();
      throw new Fer4jException(file + ": --initial-model must take 48x48x1 images, it takes " + java.util.Arrays.toString(in));
    }
    if (m.numOutputs() != data.classes().size()) {
      m.close();
      throw new Fer4jException(file + ": --initial-model has " + m.numOutputs() + " outputs, the data has " + data.classes().size() + " classes " + data.classes());
    }
    if (m.classNames() != null && !m.classNames().equals(data.classes())) {
      m.close();
      throw new Fer4jException(file + ": --initial-model was trained with classes " + m.classNames() + ", the data has " + data.classes());
    }
    System.out.printf("initial model: %s (%,d params)%n", file, m.countParams());
    return m;
  }
}
