package io.fer4j.callbacks;

import io.fer4j.model.Callback;
import io.fer4j.model.History;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fer4j.Fer4jException;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.FitConfig;
import io.fer4j.model.Sequential;
import io.fer4j.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras callback behaviour on a tiny model: monitors, checkpoints, logs, stopping, LR schedule. */
class CallbacksTest {
  @TempDir Path tmp;
  final ImageData data = Datasets.synthetic(4, 0, 140);

  Sequential tiny() {
    Sequential m = new Sequential(new InputLayer(48, 48, 1), new Flatten(), new Dense(7, "softmax"));
    m.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
    return m;
  }

  @Test
  void valAccIsValAccuracyAndUnknownMonitorsFailBeforeTraining() {
    try (Sequential m = tiny()) {
      ModelCheckpoint ck = new ModelCheckpoint(tmp.resolve("best"), "val_acc", "auto", true);
      m.fit(data, data, new FitConfig().epochs(2).batchSize(70).verbose(0).callbacks(ck));
      assertThat(ck.monitorName()).isEqualTo("val_accuracy");
      assertThat(ck.savedEpoch()).isGreaterThanOrEqualTo(0);
      assertThat(tmp.resolve("best/saved_model.pb")).exists();
      // no temporary left behind by the atomic write
      assertThat(tmp.toFile().list()).containsExactly("best");
      int[] epochsRun = {0};
      Callback counter = new Callback() {
        @Override public void onEpochBegin(io.fer4j.model.TrainingContext model, int epoch) { epochsRun[0]++; }
      };
      assertThatThrownBy(() -> m.fit(data, null, new FitConfig().epochs(1).verbose(0)
          .callbacks(counter, new ModelCheckpoint(tmp.resolve("x"), "val_accuracy", "auto", true))))
          .isInstanceOf(Fer4jException.class).hasMessageContaining("unknown monitor 'val_accuracy'");
      assertThat(epochsRun[0]).isZero();
    }
  }

  @Test
  void csvLoggerWritesOneRowPerEpochAndResumesWithoutDuplicates() throws Exception {
    Path csv = tmp.resolve("history.csv");
    try (Sequential m = tiny()) {
      m.fit(data, data, new FitConfig().epochs(3).batchSize(70).verbose(0).callbacks(new CSVLogger(csv)));
      List<String> lines = Files.readAllLines(csv);
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).isEqualTo("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss");
      CSVLogger resumed = new CSVLogger(csv, true);
      resumed.truncateFrom(2);
      m.fit(data, data, new FitConfig().epochs(4).initialEpoch(2).batchSize(70).verbose(0).callbacks(resumed));
      List<String> after = Files.readAllLines(csv);
      assertThat(after).hasSize(5);
      assertThat(after.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList()).containsExactly("0", "1", "2", "3");
    }
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    try (Sequential m = tiny()) {
      List<List<float[]>> perEpoch = new ArrayList<>();
      Callback snapshot = new Callback() {
        @Override public void onEpochEnd(io.fer4j.model.TrainingContext model, int epoch, Map<String, Double> logs) { perEpoch.add(model.getWeights()); }
      };
      // "maximise the loss": only the first epoch counts as an improvement
      EarlyStopping es = new EarlyStopping("loss", "max", 0, 2, true);
      History h = m.fit(data, null, new FitConfig().epochs(10).batchSize(35).verbose(0).callbacks(snapshot, es));
      assertThat(h.epochs()).hasSize(3);
      assertThat(es.stoppedEpoch()).isEqualTo(2);
      assertThat(m.getWeights().get(0)).containsExactly(perEpoch.get(0).get(0));
    }
  }

  @Test
  void tensorBoardEventsAreReadByTensorBoard() throws Exception {
    Path logs = tmp.resolve("tb");
    try (Sequential m = tiny()) {
      History h = m.fit(data, data, new FitConfig().epochs(2).batchSize(70).verbose(0).callbacks(new TensorBoard(logs)));
      String json = io.fer4j.testing.Python.run("read_tensorboard.py", logs.toString());
      var r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.substring(json.indexOf('{')));
      for (String run : List.of("train", "validation")) {
        for (String tag : List.of("epoch_loss", "epoch_accuracy")) {
          var series = r.get(run).get(tag);
          assertThat(series).as("%s/%s", run, tag).hasSize(2);
          assertThat(series.get(1).get(0).asInt()).isEqualTo(1);
        }
      }
      assertThat(r.get("train").get("epoch_loss").get(1).get(1).asDouble()).isCloseTo(h.get("loss").get(1), within(1e-5));
      assertThat(r.get("validation").get("epoch_accuracy").get(0).get(1).asDouble()).isCloseTo(h.get("val_accuracy").get(0), within(1e-6));
      assertThat(r.get("train").has("epoch_learning_rate")).isTrue();
    }
  }

  @Test
  void reduceLrOnPlateauCutsTheRateInTheGraph() {
    try (Sequential m = tiny()) {
      ReduceLROnPlateau r = new ReduceLROnPlateau("loss", 0.5, 1, 1e9, 0, 1e-4);
      History h = m.fit(data, null, new FitConfig().epochs(3).batchSize(70).verbose(0).callbacks(r));
      assertThat(h.get("learning_rate").get(0)).isCloseTo(1e-3, within(1e-9));
      assertThat((double) m.learningRate()).isCloseTo(2.5e-4, within(1e-9));
    }
  }

  @Test
  void cosineDecayFollowsKerasCosineDecayPerEpoch() {
    try (Sequential m = tiny()) {
      LearningRateScheduler s = LearningRateScheduler.cosineDecay(1e-3, 3, 0.01);
      History h = m.fit(data, null, new FitConfig().epochs(3).batchSize(70).verbose(0).callbacks(s));
      // keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=3, alpha=0.01) at steps 0, 1, 2
      double[] expected = {1e-3, 1e-3 * (0.99 * 0.75 + 0.01), 1e-3 * (0.99 * 0.25 + 0.01)};
      for (int e = 0; e < 3; e++) assertThat(h.get("learning_rate").get(e)).isCloseTo(expected[e], within(1e-9));
    }
    assertThatThrownBy(() -> LearningRateScheduler.cosineDecay(1e-3, 0, 0.01)).isInstanceOf(Fer4jException.class).hasMessageContaining("epochs");
  }

  @Test
  void oneCycleIsKerasCosineDecayWithWarmupPerEpoch() throws Exception {
    try (Sequential m = tiny()) {
      History h = m.fit(data, null, new FitConfig().epochs(6).batchSize(70).verbose(0).callbacks(LearningRateScheduler.oneCycle(1e-2, 6)));
      // 30% of 6 epochs warm up from 1e-2/25; the other 4 decay, as Keras computes it
      String json = io.fer4j.testing.Python.run("keras_cosine_decay.py", "4e-4", "4", "0.01", "1e-2", "2", "6");
      var keras = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.substring(json.indexOf('[')));
      for (int e = 0; e < 6; e++) {
        assertThat(h.get("learning_rate").get(e)).as("epoch %d", e).isCloseTo(keras.get(e).asDouble(), within(1e-8));
      }
      assertThat(h.get("learning_rate").get(2)).isCloseTo(1e-2, within(1e-9));
    }
    assertThatThrownBy(() -> LearningRateScheduler.oneCycle(1e-2, 1)).isInstanceOf(Fer4jException.class).hasMessageContaining("2 epochs");
  }

  @Test
  void aScheduleReturningANonPositiveRateStopsWithAClearError() {
    try (Sequential m = tiny()) {
      LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> epoch == 1 ? 0 : lr);
      assertThatThrownBy(() -> m.fit(data, null, new FitConfig().epochs(2).batchSize(70).verbose(0).callbacks(s)))
          .isInstanceOf(Fer4jException.class).hasMessageContaining("epoch 2");
    }
  }
}
