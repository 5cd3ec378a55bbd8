package io.fer4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.callbacks.SwapEMAWeights;
import io.fer4j.data.ImageData;
import io.fer4j.model.FitConfig;
import io.fer4j.model.History;
import io.fer4j.model.Model;
import io.fer4j.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with {@code use_ema} as Keras 3.15.1 fits it: three epochs without shuffling, with
 * SwapEMAWeights validating on the moving averages (and, with swap_on_epoch, keeping them in the
 * model between epochs and at the end), or with none (fit ends by copying the averages into the
 * weights; every 4th step overwrites them). History, final weights and optimizer variables agree
 * to 1e-5 with what Keras' fit gives from the same .keras file.
 */
class EmaFitParityTest {
  @TempDir Path work;

  record Case(Supplier<Optimizer> optimizer, Boolean swapOnEpoch) {}

  static Map<String, Case> cases() {
    Map<String, Case> c = new LinkedHashMap<>();
    c.put("sgd_nesterov_swap_on_epoch", new Case(() -> new SGD(0.1, 0.9, true).ema(0.5, null), true));
    c.put("adam_swap_for_validation", new Case(() -> new Adam(0.01).ema(0.7, null), false));
    c.put("sgd_overwrite4_no_callback", new Case(() -> new SGD(0.05).ema(0.6, 4), null));
    return c;
  }

  static ImageData data(int n, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[n * 72];
    r.nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = r.nextInt(3);
    return new ImageData(px, 6, 6, 2, labels, List.of("a", "b", "c"), null);
  }

  static void write(Path dir, String x, String y, ImageData d) throws Exception {
    float[] xs = new float[d.size() * d.sampleSize()];
    float[] ys = new float[d.size() * 3];
    for (int i = 0; i < d.size(); i++) {
      d.copyInput(i, xs, i * d.sampleSize());
      ys[i * 3 + d.label(i)] = 1;
    }
    Python.writeFloats(dir.resolve(x), xs);
    Python.writeFloats(dir.resolve(y), ys);
  }

  @Test
  void fitWithMovingAveragesMatchesKeras() throws Exception {
    ImageData train = data(40, 3), val = data(16, 4);
    Map<String, History> histories = new LinkedHashMap<>();
    Map<String, List<float[]>> weights = new LinkedHashMap<>();
    Map<String, List<float[]>> slots = new LinkedHashMap<>();
    for (Map.Entry<String, Case> e : cases().entrySet()) {
      Path dir = Files.createDirectories(work.resolve(e.getKey()));
      Boolean swap = e.getValue().swapOnEpoch();
      try (Model m = OptimizerParityTest.dag(e.getValue().optimizer().get())) {
        m.save(dir.resolve("model.keras"));
        Files.writeString(dir.resolve("spec.json"), "{\"batch\": 8, \"epochs\": 3, \"swap\": " + swap + "}");
        write(dir, "x.bin", "y.bin", train);
        write(dir, "xv.bin", "yv.bin", val);
        FitConfig cfg = new FitConfig().epochs(3).batchSize(8).shuffle(false).verbose(0);
        if (swap != null) cfg.callback(new SwapEMAWeights(swap));
        histories.put(e.getKey(), m.fit(train, val, cfg));
        weights.put(e.getKey(), m.getWeights());
        slots.put(e.getKey(), m.optimizerSlots());
      }
    }
    Python.run("keras_optimizer_parity.py", work.toString());
    SoftAssertions soft = new SoftAssertions();
    for (String name : cases().keySet()) {
      JsonNode out = new ObjectMapper().readTree(work.resolve(name).resolve("out.json").toFile());
      double dh = 0;
      for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
        List<Double> java = histories.get(name).get(k);
        soft.assertThat(java).as(name + " " + k + " epochs").hasSize(3);
        for (int i = 0; i < java.size(); i++) dh = Math.max(dh, Math.abs(java.get(i) - out.get("history").get(k).get(i).asDouble()));
      }
      double dw = OptimizerParityTest.maxDiff(weights.get(name), out.get("weights"), 0);
      double dv = OptimizerParityTest.maxDiff(slots.get(name), out.get("vars"), 2);
      System.out.printf("ema fit parity %-30s max |java - keras| history %.2e  weights %.2e  optimizer vars %.2e%n", name, dh, dw, dv);
      soft.assertThat(out.get("vars").size()).as(name + " optimizer variable count").isEqualTo(slots.get(name).size() + 2);
      soft.assertThat(dh).as(name + " history").isLessThan(1e-5);
      soft.assertThat(dw).as(name + " final weights").isLessThan(1e-5);
      soft.assertThat(dv).as(name + " optimizer variables").isLessThan(1e-5);
    }
    soft.assertAll();
  }

  @Test
  void swapWithoutEmaIsRefusedAtTheStartOfFit() {
    try (Model m = OptimizerParityTest.dag(new SGD(0.1))) {
      FitConfig cfg = new FitConfig().epochs(1).batchSize(8).verbose(0).callback(new SwapEMAWeights(true));
      assertThatThrownBy(() -> m.fit(data(16, 1), null, cfg)).hasMessage("SwapEMAWeights must be used when use_ema=True is set on the optimizer");
    }
    assertThatThrownBy(() -> new SGD(0.1).ema(1.5, null)).hasMessage("SGD: ema_momentum must be in the range [0, 1], got 1.5");
    assertThatThrownBy(() -> new Adam(0.1).ema(0.9, 0)).hasMessage("Adam: ema_overwrite_frequency must be an integer >= 1 or None, got 0");
    assertThat(new SGD(0.1).ema(0.9, null).allSlotGroups()).containsExactly(List.of("average"));
  }
}
