package io.fer4j.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.ImageData;
import io.fer4j.layers.Activation;
import io.fer4j.layers.Add;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Dropout;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.model.Model;
import io.fer4j.regularizers.L1;
import io.fer4j.regularizers.L2;
import io.fer4j.testing.Python;
import io.fer4j.util.FloatTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every optimizer, plain and with clipping, decoupled weight decay and EMA, takes the same 5
 * train_on_batch steps as Keras 3.15.1 on a DAG with BatchNormalization, Dropout(0) and L2/L1
 * regularized weights: Keras loads the compiled .keras fer4j wrote (architecture, regularizers,
 * optimizer config and its initial variables) and trains on the same batches; losses (with the
 * regularization terms), weights and every optimizer variable agree to 1e-5. One Python process
 * runs all cases.
 */
class OptimizerParityTest {
  @TempDir Path work;

  static final int BATCH = 8;
  static final int STEPS = 5;

  static Map<String, Supplier<Optimizer>> cases() {
    Map<String, Supplier<Optimizer>> c = new LinkedHashMap<>();
    c.put("sgd", () -> new SGD(0.1));
    c.put("sgd_momentum_clipnorm", () -> new SGD(0.1, 0.9, false).clipnorm(0.1));
    c.put("sgd_nesterov_wd", () -> new SGD(0.1, 0.9, true).weightDecay(0.05));
    c.put("rmsprop", () -> new RMSprop(0.01));
    c.put("rmsprop_centered_momentum_clipvalue_wd", () -> new RMSprop(0.01, 0.8, 0.5, 1e-6, true).clipvalue(0.01).weightDecay(0.05));
    c.put("adam", () -> new Adam(0.01));
    c.put("adam_amsgrad_globalclip_wd", () -> new Adam(0.01).amsgrad(true).globalClipnorm(0.1).weightDecay(0.05));
    c.put("adamw", () -> new AdamW(0.01, 0.004));
    c.put("adamw_clipnorm", () -> new AdamW(0.01, 0.05).clipnorm(0.1));
    c.put("adamax", () -> new Adamax(0.01));
    c.put("adamax_clipvalue_wd", () -> new Adamax(0.01).clipvalue(0.01).weightDecay(0.05));
    c.put("nadam", () -> new Nadam(0.01));
    c.put("nadam_globalclip_wd", () -> new Nadam(0.01).globalClipnorm(0.1).weightDecay(0.05));
    // use_ema: the average slots come first among the optimizer variables; every 3rd step overwrites the weights
    c.put("sgd_nesterov_wd_ema_overwrite3", () -> new SGD(0.1, 0.9, true).weightDecay(0.05).ema(0.9, 3));
    c.put("adam_ema", () -> new Adam(0.01).ema(0.8, null));
    return c;
  }

  /** in → conv3x3(L2) → BN → relu → Dropout(0), + conv1x1(L2 kernel, L1 bias) → Add → Flatten → Dense softmax (L2). */
  static Model dag(Optimizer opt) {
    KerasTensor in = Input.of(6, 6, 2);
    KerasTensor a = new Conv2D(4, 3).padding("same").useBias(false).kernelRegularizer(new L2(0.01)).apply(in);
    a = new BatchNormalization().apply(a);
    a = new Activation("relu").apply(a);
    a = new Dropout(0).apply(a);
    KerasTensor b = new Conv2D(4, 1).kernelRegularizer(new L2(0.005)).biasRegularizer(new L1(0.001)).apply(in);
    KerasTensor x = new Flatten().apply(new Add().apply(a, b));
    KerasTensor out = new Dense(3, "softmax").kernelRegularizer(new L2(0.02)).apply(x);
    Model m = new Model("dag", in, out).seed(5);
    m.compile(opt, "categorical_crossentropy", "accuracy");
    return m;
  }

  @Test
  void everyOptimizerTrainsAsKeras() throws Exception {
    Random r = new Random(9);
    byte[] px = new byte[BATCH * STEPS * 72];
    r.nextBytes(px);
    int[] labels = new int[BATCH * STEPS];
    for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(3);
    ImageData data = new ImageData(px, 6, 6, 2, labels, List.of("a", "b", "c"), null);
    Map<String, List<Float>> losses = new LinkedHashMap<>();
    Map<String, List<float[]>> weights = new LinkedHashMap<>();
    Map<String, List<float[]>> slots = new LinkedHashMap<>();
    Map<String, Long> iterations = new LinkedHashMap<>();
    Map<String, Optimizer> optimizers = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<Optimizer>> e : cases().entrySet()) {
      Path dir = Files.createDirectories(work.resolve(e.getKey()));
      Optimizer opt = e.getValue().get();
      optimizers.put(e.getKey(), opt);
      try (Model m = dag(opt)) {
        m.save(dir.resolve("model.keras"));
        Files.writeString(dir.resolve("spec.json"), "{\"batch\": " + BATCH + ", \"steps\": " + STEPS + "}");
        List<Float> ls = new ArrayList<>();
        try (BatchPrefetcher bp = new BatchPrefetcher(data, Model.epochOrder(data.size(), 0, 0, false), BATCH, 1, 1)) {
          for (int s = 0; s < STEPS; s++) {
            try (Batch bt = bp.make(s)) {
              Python.writeFloats(dir.resolve("x" + s + ".bin"), FloatTensors.floats(bt.x()));
              Python.writeFloats(dir.resolve("y" + s + ".bin"), FloatTensors.floats(bt.y()));
              ls.add(m.trainOnBatch(bt.x(), bt.y())[0]);
            }
          }
        }
        losses.put(e.getKey(), ls);
        weights.put(e.getKey(), m.getWeights());
        slots.put(e.getKey(), m.optimizerSlots());
        iterations.put(e.getKey(), m.iterations());
      }
    }
    Python.run("keras_optimizer_parity.py", work.toString());
    SoftAssertions soft = new SoftAssertions();
    for (String name : cases().keySet()) {
      JsonNode out = new ObjectMapper().readTree(work.resolve(name).resolve("out.json").toFile());
      Optimizer opt = optimizers.get(name);
      soft.assertThat(out.get("optimizer").asText()).as(name + " class").isEqualTo(opt.kerasClassName());
      JsonNode cfg = out.get("config");
      soft.assertThat(cfg.get("weight_decay").isNull() ? null : cfg.get("weight_decay").asDouble()).as(name + " weight_decay").isEqualTo(opt.weightDecay());
      soft.assertThat(cfg.get("clipnorm").isNull() ? null : cfg.get("clipnorm").asDouble()).as(name + " clipnorm").isEqualTo(opt.clipnorm());
      soft.assertThat(cfg.get("clipvalue").isNull() ? null : cfg.get("clipvalue").asDouble()).as(name + " clipvalue").isEqualTo(opt.clipvalue());
      soft.assertThat(cfg.get("global_clipnorm").isNull() ? null : cfg.get("global_clipnorm").asDouble()).as(name + " global_clipnorm").isEqualTo(opt.globalClipnorm());
      soft.assertThat(cfg.get("use_ema").asBoolean()).as(name + " use_ema").isEqualTo(opt.useEma());
      soft.assertThat(cfg.get("ema_momentum").asDouble()).as(name + " ema_momentum").isEqualTo(opt.emaMomentum());
      soft.assertThat(cfg.get("ema_overwrite_frequency").isNull() ? null : cfg.get("ema_overwrite_frequency").asInt()).as(name + " ema_overwrite_frequency").isEqualTo(opt.emaOverwriteFrequency());
      double dl = 0;
      for (int s = 0; s < STEPS; s++) dl = Math.max(dl, Math.abs(losses.get(name).get(s) - out.get("losses").get(s).asDouble()));
      double dw = maxDiff(weights.get(name), out.get("weights"), 0);
      JsonNode vars = out.get("vars");
      soft.assertThat(vars.size()).as(name + " optimizer variable count").isEqualTo(slots.get(name).size() + 2);
      soft.assertThat(vars.get(0).get(0).asLong()).as(name + " iterations").isEqualTo(iterations.get(name)).isEqualTo(STEPS);
      double dv = vars.size() == slots.get(name).size() + 2 ? maxDiff(slots.get(name), vars, 2) : Double.NaN;
      System.out.printf("optimizer parity %-40s max |java - keras| loss %.2e  weights %.2e  optimizer vars %.2e  (keras: %s)%n", name, dl, dw, dv, out.get("var_paths"));
      soft.assertThat(dl).as(name + " losses").isLessThan(1e-5);
      soft.assertThat(dw).as(name + " weights").isLessThan(1e-5);
      soft.assertThat(dv).as(name + " optimizer variables").isLessThan(1e-5);
      soft.assertThat(out.get("losses").get(0).asDouble()).as(name + " loss moved").isNotEqualTo(out.get("losses").get(STEPS - 1).asDouble());
    }
    soft.assertAll();
  }

  /** Max |java - keras| over arrays, Keras' starting at {@code offset}; infinite when a size differs. */
  static double maxDiff(List<float[]> java, JsonNode keras, int offset) {
    double d = 0;
    for (int i = 0; i < java.size(); i++) {
      JsonNode k = keras.get(i + offset);
      if (k == null || k.size() != java.get(i).length) return Double.POSITIVE_INFINITY;
      for (int j = 0; j < java.get(i).length; j++) d = Math.max(d, Math.abs(java.get(i)[j] - k.get(j).asDouble()));
    }
    return d;
  }
}
