package io.fer4j.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.Fer4jException;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.Callback;
import io.fer4j.model.FitConfig;
import io.fer4j.model.History;
import io.fer4j.model.Sequential;
import io.fer4j.model.TrainingContext;
import io.fer4j.optimizers.Adam;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BackupAndRestore's fault semantics on a tiny model: a stop request ends fit at the next batch
 * with a backup from which a fresh model finishes exactly as the uninterrupted run did; truncated,
 * damaged, foreign, other-model and other-run backups are refused with one line, leaving the model
 * untouched.
 */
class BackupAndRestoreTest {
  @TempDir Path tmp;
  final ImageData data = Datasets.synthetic(4, 0, 140);
  static final Map<String, String> RUN = Map.of("--batch-size", "20", "--data", "synthetic:140");
  List<float[]> init;

  Sequential tiny(int hidden) {
    Sequential m = hidden > 0
        ? new Sequential(new InputLayer(48, 48, 1), new Flatten(), new Dense(hidden, "relu"), new Dense(7, "softmax"))
        : new Sequential(new InputLayer(48, 48, 1), new Flatten(), new Dense(7, "softmax"));
    m.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
    return m;
  }

  FitConfig cfg() {
    return new FitConfig().epochs(2).batchSize(20).verbose(0).seed(7);
  }

  @BeforeEach
  void initialWeights() {
    try (Sequential m = tiny(0)) {
      init = m.getWeights();
    }
  }

  /** Runs 2 epochs but stops (as a SIGTERM would) after batch 3 of epoch 2; returns the backup dir. */
  Path interruptedBackup() {
    Path dir = tmp.resolve("backup");
    StopRequest stop = new StopRequest();
    Callback signal = new Callback() {
      int epoch;
      @Override public void onEpochBegin(TrainingContext ctx, int e) { epoch = e; }
      @Override public void onTrainBatchEnd(TrainingContext ctx, int batch) {
        if (epoch == 1 && batch == 2) stop.request("SIGTERM");
      }
    };
    try (Sequential m = tiny(0)) {
      m.setWeights(init);
      BackupAndRestore b = new BackupAndRestore(dir).run(RUN).stopOn(stop);
      assertThatThrownBy(() -> m.fit(data, null, cfg().callbacks(signal, b)))
          .isInstanceOf(TrainingInterrupted.class)
          .hasMessage("SIGTERM: training stopped in epoch 2 after batch 3; backup written to " + dir + " — run the same command again to resume from there");
    }
    return dir;
  }

  @Test
  void aStoppedRunResumesAtTheNextBatchAndEndsAsIfNeverStopped() {
    List<float[]> straight;
    History hs;
    try (Sequential m = tiny(0)) {
      m.setWeights(init);
      hs = m.fit(data, null, cfg());
      straight = m.getWeights();
    }
    Path dir = interruptedBackup();
    try (Sequential m = tiny(0)) {
      BackupAndRestore b = new BackupAndRestore(dir).run(RUN);
      BackupAndRestore.Resume r = b.restore(m);
      assertThat(r.epoch()).isEqualTo(1);
      assertThat(r.batch()).isEqualTo(3);
      assertThat(m.iterations()).isEqualTo(7 + 3); // 140/20 = 7 batches per epoch
      History h = m.fit(data, null, r.applyTo(cfg().callbacks(b)));
      assertThat(h.epochs()).containsExactly(1);
      assertThat(m.iterations()).isEqualTo(14);
      List<float[]> resumed = m.getWeights();
      for (int i = 0; i < straight.size(); i++) {
        for (int j = 0; j < straight.get(i).length; j++) assertThat(resumed.get(i)[j]).isCloseTo(straight.get(i)[j], org.assertj.core.data.Offset.offset(1e-5f));
      }
      // the epoch's logged loss covers all 7 batches, as in the uninterrupted run
      assertThat(h.get("loss").get(0)).isCloseTo(hs.get("loss").get(1), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(h.get("accuracy").get(0)).isCloseTo(hs.get("accuracy").get(1), org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(dir).doesNotExist(); // finished: removed as Keras does
  }

  @Test
  void aRunValidatingOnMovingAveragesResumesFromAnEpochEndBackupAsIfNeverStopped() {
    // SwapEMAWeights(swap_on_epoch) holds the averages in the weights at each epoch end: the backup
    // must hold the weights training continues from, or the resumed run would train from the averages
    java.util.function.Supplier<Sequential> emaModel = () -> {
      Sequential m = new Sequential(new InputLayer(48, 48, 1), new Flatten(), new Dense(7, "softmax"));
      m.compile(new io.fer4j.optimizers.SGD(0.05, 0.9, true).ema(0.8, null), "categorical_crossentropy", "accuracy");
      m.setWeights(init);
      return m;
    };
    FitConfig three = new FitConfig().epochs(3).batchSize(20).verbose(0).seed(7);
    List<float[]> straight;
    History hs;
    try (Sequential m = emaModel.get()) {
      hs = m.fit(data, data, three.callbacks(new SwapEMAWeights(true)));
      straight = m.getWeights();
    }
    Path dir = tmp.resolve("ema-backup");
    StopRequest stop = new StopRequest();
    Callback signal = new Callback() {
      @Override public void onEpochEnd(TrainingContext ctx, int e, Map<String, Double> logs) {
        if (e == 1) stop.request("SIGTERM");
      }
    };
    try (Sequential m = emaModel.get()) {
      BackupAndRestore b = new BackupAndRestore(dir).run(RUN).stopOn(stop);
      FitConfig c = new FitConfig().epochs(3).batchSize(20).verbose(0).seed(7).callbacks(new SwapEMAWeights(true), signal, b);
      assertThatThrownBy(() -> m.fit(data, data, c)).isInstanceOf(TrainingInterrupted.class);
    }
    try (Sequential m = emaModel.get()) {
      BackupAndRestore b = new BackupAndRestore(dir).run(RUN);
      BackupAndRestore.Resume r = b.restore(m);
      assertThat(r.epoch()).isEqualTo(2);
      FitConfig c = new FitConfig().epochs(3).batchSize(20).verbose(0).seed(7).callbacks(new SwapEMAWeights(true), b);
      History h = m.fit(data, data, r.applyTo(c));
      assertThat(h.get("val_loss").get(0)).isCloseTo(hs.get("val_loss").get(2), org.assertj.core.data.Offset.offset(1e-6));
      List<float[]> resumed = m.getWeights();
      for (int i = 0; i < straight.size(); i++) {
        for (int j = 0; j < straight.get(i).length; j++) assertThat(resumed.get(i)[j]).isCloseTo(straight.get(i)[j], org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  @Test
  void saveFreqWritesMidEpochBackups() throws Exception {
    Path dir = tmp.resolve("freq");
    try (Sequential m = tiny(0)) {
      int[] seen = {-2};
      Callback look = new Callback() {
        @Override public void onTrainBatchEnd(TrainingContext ctx, int batch) {
          try {
            if (batch == 3) seen[0] = Files.readString(dir.resolve("state.json")).contains("\"batch\" : 3") ? 1 : 0;
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };
      m.fit(data, null, cfg().epochs(1).callbacks(new BackupAndRestore(dir).saveFreq(3).keepOnEnd(), look));
      assertThat(seen[0]).isEqualTo(1); // after batch index 2 (3 batches) the backup says batch 3
      assertThat(Files.readString(dir.resolve("state.json"))).contains("\"batch\" : -1"); // then the epoch end
    }
  }

  /** Restoring {@code dir} into a fresh tiny model fails with one line containing {@code expected}; the model is untouched. */
  void refused(Path dir, int hidden, Map<String, String> run, String expected) {
    try (Sequential m = tiny(hidden)) {
      List<float[]> before = m.getWeights();
      assertThatThrownBy(() -> new BackupAndRestore(dir).run(run).restore(m))
          .isInstanceOf(Fer4jException.class)
          .hasMessageStartingWith(dir.toString() + ": ")
          .hasMessageContaining(expected)
          .hasMessageContaining("delete it to start over")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      List<float[]> after = m.getWeights();
      for (int i = 0; i < before.size(); i++) assertThat(after.get(i)).containsExactly(before.get(i));
    }
  }

  Path copy(Path dir, String name) throws Exception {
    Path c = tmp.resolve(name);
    Files.createDirectories(c);
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) Files.copy(p, c.resolve(p.getFileName()));
    }
    return c;
  }

  @Test
  void truncatedDamagedForeignAndMismatchedBackupsAreRefused() throws Exception {
    Path good = interruptedBackup();
    Path truncated = copy(good, "truncated");
    try (RandomAccessFile f = new RandomAccessFile(truncated.resolve("weights.bin").toFile(), "rw")) {
      f.setLength(f.length() - 1000);
    }
    refused(truncated, 0, RUN, "truncated or damaged training backup (weights.bin has");
    Path flipped = copy(good, "flipped");
    try (RandomAccessFile f = new RandomAccessFile(flipped.resolve("weights.bin").toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x10);
    }
    refused(flipped, 0, RUN, "checksum differs");
    Path notJson = copy(good, "notjson");
    Files.writeString(notJson.resolve("state.json"), "PK\u0003\u0004 not json");
    refused(notJson, 0, RUN, "not a fer4j training backup (state.json is not JSON)");
    Path foreign = copy(good, "foreign");
    Files.writeString(foreign.resolve("state.json"), "{\"epoch\": 3, \"model\": \"resnet\"}");
    refused(foreign, 0, RUN, "not a fer4j training backup (state.json lacks its fields)");
    Path noState = copy(good, "nostate");
    Files.delete(noState.resolve("state.json"));
    refused(noState, 0, RUN, "incomplete training backup (no state.json)");
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    refused(file, 0, RUN, "not a training backup folder");
    refused(good, 16, RUN, "backup of a different model (weights 2 arrays of 16135 values there, 4 arrays of");
    refused(good, 0, Map.of("--batch-size", "64", "--data", "synthetic:140"), "backup of a run with other options (--batch-size 20 there, 64 here)");
    // the good one still restores
    try (Sequential m = tiny(0)) {
      assertThat(new BackupAndRestore(good).run(RUN).restore(m).batch()).isEqualTo(3);
    }
  }

  @Test
  void aBackupWrittenBeforeFormat2StillRestores() throws Exception {
    Path legacy = copy(interruptedBackup(), "legacy");
    var om = new com.fasterxml.jackson.databind.ObjectMapper();
    var s = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(legacy.resolve("state.json").toFile());
    int w = s.get("weight_sizes").size();
    int slots = s.get("slot_sizes").size();
    for (String k : List.of("format", "batch", "epoch_loss", "epoch_accuracy", "weight_sizes", "slot_sizes", "run", "bytes", "crc32")) s.remove(k);
    s.put("weights", w).put("slots", slots);
    Files.writeString(legacy.resolve("state.json"), s.toString());
    try (Sequential m = tiny(0)) {
      BackupAndRestore.Resume r = new BackupAndRestore(legacy).run(RUN).restore(m);
      assertThat(r.epoch()).isEqualTo(2); // format 1 had only epoch-end backups
      assertThat(r.batch()).isZero();
      assertThat(m.iterations()).isEqualTo(10);
    }
  }

  @Test
  void noBackupMeansAFreshStart() {
    try (Sequential m = tiny(0)) {
      assertThat(new BackupAndRestore(tmp.resolve("none")).restore(m)).isNull();
    }
  }
}
