package io.fer4j.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.ImageData;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.metrics.AUC;
import io.fer4j.metrics.BinaryAccuracy;
import io.fer4j.metrics.CategoricalAccuracy;
import io.fer4j.metrics.Metric;
import io.fer4j.metrics.Precision;
import io.fer4j.metrics.Recall;
import io.fer4j.metrics.SparseCategoricalAccuracy;
import io.fer4j.metrics.TopKCategoricalAccuracy;
import io.fer4j.model.Model;
import io.fer4j.optimizers.Adam;
import io.fer4j.optimizers.SGD;
import io.fer4j.saving.ModelFiles;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Every loss and metric against Keras 3.15.1, with one Python process for the class
 * (tests/python/keras_losses_metrics_oracle.py): fixed inputs over 3 batches with sample weights
 * (losses per batch, metrics streamed), 3 train_on_batch steps of a small model per loss (fer4j's
 * compiled .keras loaded in Keras), and Keras-compiled models loading compiled in fer4j with
 * Keras' evaluate numbers. Tolerance 1e-5 (absolute, relative for large values).
 */
class LossesMetricsParityTest {
  static final int BATCHES = 3, B = 16, C = 4;
  static Path dir;
  static JsonNode oracle;
  static final Map<String, float[][]> inputs = new LinkedHashMap<>();
  static final Map<String, List<Float>> fitLosses = new LinkedHashMap<>();
  static final Map<String, List<float[]>> fitMetrics = new LinkedHashMap<>();
  static final Map<String, List<String>> fitMetricNames = new LinkedHashMap<>();
  static ImageData ev3, ev2;

  /** Each loss case: the Keras case name, the loss, its label and prediction inputs. */
  static Map<String, Object[]> lossCases() {
    Map<String, Object[]> m = new LinkedHashMap<>();
    m.put("cce", new Object[] {new CategoricalCrossentropy(), "yo", "p", false});
    m.put("cce_ls", new Object[] {new CategoricalCrossentropy(false, 0.1), "yo", "p", false});
    m.put("cce_logits", new Object[] {new CategoricalCrossentropy(true, 0), "yo", "z", false});
    m.put("cce_sum", new Object[] {new CategoricalCrossentropy().reduction(Reduction.SUM), "yo", "p", false});
    m.put("scce", new Object[] {new SparseCategoricalCrossentropy(), "yi", "p", false});
    m.put("scce_logits", new Object[] {new SparseCategoricalCrossentropy(true), "yi", "z", false});
    m.put("bce", new Object[] {new BinaryCrossentropy(), "yb", "sb", false});
    m.put("bce_logits_ls", new Object[] {new BinaryCrossentropy(true, 0.2), "yb", "zb", false});
    m.put("bce_onehot", new Object[] {new BinaryCrossentropy(), "yo", "p", false});
    m.put("mse", new Object[] {new MeanSquaredError(), "r", "p", false});
    m.put("mse_weighted_mean", new Object[] {new MeanSquaredError().reduction(Reduction.MEAN_WITH_SAMPLE_WEIGHT), "r", "z", false});
    m.put("mae", new Object[] {new MeanAbsoluteError(), "r", "z", false});
    m.put("huber", new Object[] {new Huber(), "r", "z", false});
    m.put("huber_delta", new Object[] {new Huber(0.5), "r", "z", false});
    return m;
  }

  static Map<String, Object[]> metricCases() {
    Map<String, Object[]> m = new LinkedHashMap<>();
    m.put("categorical_accuracy", new Object[] {new CategoricalAccuracy(), "yo", "p"});
    m.put("sparse_categorical_accuracy", new Object[] {new SparseCategoricalAccuracy(), "yi", "p"});
    m.put("binary_accuracy", new Object[] {new BinaryAccuracy(), "yb", "sb"});
    m.put("binary_accuracy_onehot_t03", new Object[] {new BinaryAccuracy(0.3), "yo", "p"});
    m.put("top_k_2", new Object[] {new TopKCategoricalAccuracy(2), "yo", "p"});
    m.put("sparse_top_k_3", new Object[] {TopKCategoricalAccuracy.sparse(3), "yi", "p"});
    m.put("precision", new Object[] {new Precision(), "yo", "p"});
    m.put("recall", new Object[] {new Recall(), "yo", "p"});
    m.put("precision_binary", new Object[] {new Precision(), "yb", "sb"});
    m.put("recall_t07", new Object[] {new Recall(0.7), "yb", "sb"});
    m.put("auc", new Object[] {new AUC(), "yo", "p"});
    m.put("auc_binary", new Object[] {new AUC(), "yb", "sb"});
    m.put("auc_pr", new Object[] {new AUC(200, "PR", "interpolation", false), "yb", "sb"});
    m.put("auc_minoring_50", new Object[] {new AUC(50, "ROC", "minoring", false), "yo", "p"});
    m.put("auc_logits", new Object[] {new AUC(200, "ROC", "interpolation", true), "yb", "zb"});
    return m;
  }

  /** A loss case for fit: the loss, output units and activation, metrics. */
  record FitCase(String name, Supplier<Loss> loss, int units, String activation, Object[] metrics) {}

  static List<FitCase> fitCases() {
    return List.of(
        new FitCase("cce_ls", () -> new CategoricalCrossentropy(false, 0.1), 3, "softmax", new Object[] {"accuracy", new TopKCategoricalAccuracy(2), "auc"}),
        new FitCase("scce", () -> Losses.get("sparse_categorical_crossentropy"), 3, "softmax", new Object[] {"acc", "sparse_top_k_categorical_accuracy"}),
        new FitCase("bce", () -> Losses.get("binary_crossentropy"), 1, "sigmoid", new Object[] {"accuracy", "precision", "recall", "auc"}),
        new FitCase("bce_onehot", () -> new BinaryCrossentropy(false, 0.1), 3, "sigmoid", new Object[] {"binary_accuracy", new Precision()}),
        new FitCase("mse", () -> Losses.get("mse"), 3, "softmax", new Object[] {"accuracy"}),
        new FitCase("mae", () -> new MeanAbsoluteError(), 3, "linear", new Object[] {"categorical_accuracy"}),
        new FitCase("huber", () -> new Huber(0.7), 3, "linear", new Object[] {}),
        new FitCase("scce_logits", () -> new SparseCategoricalCrossentropy(true), 3, "linear", new Object[] {"accuracy"}));
  }

  static Model fitModel(FitCase c) {
    KerasTensor in = Input.of(8, 8, 2);
    KerasTensor h = new Dense(6, "relu").apply(new Flatten().apply(in));
    Model m = new Model("fit_" + c.name(), in, new Dense(c.units(), c.activation()).apply(h)).seed(11);
    m.compile(c.name().equals("mae") ? new SGD(0.1, 0.9, true) : new Adam(1e-2), c.loss().get(), c.metrics());
    return m;
  }

  @BeforeAll
  static void runOracle() throws Exception {
    dir = Files.createTempDirectory("fer4j-losses-oracle");
    Random r = new Random(21);
    for (int b = 0; b < BATCHES; b++) {
      float[][] z = new float[B][C], p = new float[B][C], yo = new float[B][C], yi = new float[B][1], yb = new float[B][1], sb = new float[B][1], zb = new float[B][1], rr = new float[B][C], sw = new float[B][1];
      for (int i = 0; i < B; i++) {
        double sum = 0;
        for (int j = 0; j < C; j++) {
          z[i][j] = (float) (r.nextGaussian() * 2);
          sum += Math.exp(z[i][j]);
          rr[i][j] = (float) r.nextGaussian();
        }
        for (int j = 0; j < C; j++) p[i][j] = (float) (Math.exp(z[i][j]) / sum);
        int label = r.nextInt(C);
        yo[i][label] = 1;
        yi[i][0] = label;
        yb[i][0] = r.nextBoolean() ? 1 : 0;
        zb[i][0] = (float) (r.nextGaussian() * 2 + (yb[i][0] - 0.5));
        sb[i][0] = (float) (1 / (1 + Math.exp(-zb[i][0])));
        sw[i][0] = r.nextInt(5) == 0 ? 0f : (float) (0.25 + r.nextDouble() * 2);
      }
      Map<String, float[][]> all = Map.of("z", z, "p", p, "yo", yo, "yi", yi, "yb", yb, "sb", sb, "zb", zb, "r", rr, "sw", sw);
      for (Map.Entry<String, float[][]> e : all.entrySet()) {
        inputs.put(e.getKey() + b, e.getValue());
        Python.writeFloats(dir.resolve(e.getKey() + b + ".bin"), flat(e.getValue()));
      }
    }
    StringBuilder fit = new StringBuilder();
    int steps = 3, batch = 12;
    for (FitCase c : fitCases()) {
      Random dr = new Random(c.name().hashCode());
      int classes = c.units() == 1 ? 2 : c.units();
      byte[] px = new byte[steps * batch * 128];
      dr.nextBytes(px);
      int[] labels = new int[steps * batch];
      for (int i = 0; i < labels.length; i++) labels[i] = dr.nextInt(classes);
      List<String> names = classes == 2 ? List.of("a", "b") : List.of("a", "b", "c");
      ImageData data = new ImageData(px, 8, 8, 2, labels, names, null);
      try (Model m = fitModel(c)) {
        m.save(dir.resolve("fit_" + c.name() + ".keras"));
        fitMetricNames.put(c.name(), m.compilation().metrics().stream().map(Metric::name).toList());
        List<Float> ls = new ArrayList<>();
        List<float[]> ms = new ArrayList<>();
        LabelFormat f = m.compilation().labelFormat();
        try (BatchPrefetcher bp = new BatchPrefetcher(data, Model.epochOrder(data.size(), 0, 0, false), batch, 1, 1, 0f, null, f)) {
          for (int s = 0; s < steps; s++) {
            try (Batch bt = bp.make(s)) {
              float[] w = new float[batch];
              for (int i = 0; i < batch; i++) w[i] = (float) (0.5 + dr.nextDouble());
              String stem = "fit_" + c.name() + "_";
              Python.writeFloats(dir.resolve(stem + "x" + s + ".bin"), FloatTensors.floats(bt.x()));
              Python.writeFloats(dir.resolve(stem + "y" + s + ".bin"), FloatTensors.floats(bt.y()));
              Python.writeFloats(dir.resolve(stem + "w" + s + ".bin"), w);
              try (TFloat32 wt = FloatTensors.of(w, batch)) {
                float[] out = m.trainOnBatch(bt.x(), bt.y(), wt);
                ls.add(out[0]);
                ms.add(java.util.Arrays.copyOfRange(out, 1, out.length));
              }
            }
          }
        }
        fitLosses.put(c.name(), ls);
        fitMetrics.put(c.name(), ms);
        String yShape = switch (f) { case ONE_HOT -> "[" + c.units() + "]"; case SPARSE -> "[]"; case BINARY -> "[1]"; };
        fit.append(fit.length() == 0 ? "" : ",").append("{\"name\":\"").append(c.name()).append("\",\"steps\":").append(steps)
            .append(",\"batch\":").append(batch).append(",\"y_shape\":").append(yShape).append("}");
      }
    }
    int n = 40;
    Random er = new Random(8);
    byte[] px = new byte[n * 128];
    er.nextBytes(px);
    int[] l3 = new int[n], l2 = new int[n];
    for (int i = 0; i < n; i++) {
      l3[i] = er.nextInt(3);
      l2[i] = er.nextInt(2);
    }
    ev3 = new ImageData(px, 8, 8, 2, l3, List.of("a", "b", "c"), null);
    ev2 = new ImageData(px, 8, 8, 2, l2, List.of("no", "yes"), null);
    float[] x = new float[n * 128];
    float[] f3 = new float[n], f2 = new float[n];
    for (int i = 0; i < n; i++) {
      ev3.copyInput(i, x, i * 128);
      f3[i] = l3[i];
      f2[i] = l2[i];
    }
    Python.writeFloats(dir.resolve("ev_x.bin"), x);
    Python.writeFloats(dir.resolve("ev_labels.bin"), f3);
    Python.writeFloats(dir.resolve("ev_labels2.bin"), f2);
    Files.writeString(dir.resolve("spec.json"), "{\"batches\":" + BATCHES + ",\"batch\":" + B + ",\"classes\":" + C + ",\"ev_n\":" + n + ",\"fit\":[" + fit + "]}");
    Python.run("keras_losses_metrics_oracle.py", dir.toString());
    oracle = new ObjectMapper().readTree(dir.resolve("oracle.json").toFile());
  }

  static float[] flat(float[][] a) {
    float[] out = new float[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
    return out;
  }

  /** The input {@code key} of batch b as a graph constant: labels "yi" and weights "sw" are (B). */
  static Operand<TFloat32> constant(Ops tf, String key, int b) {
    float[][] v = inputs.get(key + b);
    Shape s = key.equals("yi") || key.equals("sw") ? Shape.of(B) : Shape.of(B, v[0].length);
    try (TFloat32 t = TFloat32.tensorOf(s, DataBuffers.of(flat(v), true, false))) {
      return tf.constant(t);
    }
  }

  static void close(double java, double keras, String what) {
    assertThat(java).as(what + " (Keras %s)", keras).isCloseTo(keras, within(1e-5 * Math.max(1, Math.abs(keras))));
  }

  @Test
  void everyLossMatchesKerasWithSampleWeights() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      for (Map.Entry<String, Object[]> e : lossCases().entrySet()) {
        Loss loss = (Loss) e.getValue()[0];
        for (int b = 0; b < BATCHES; b++) {
          Operand<TFloat32> op = loss.call(tf, constant(tf, (String) e.getValue()[1], b), new Prediction(constant(tf, (String) e.getValue()[2], b), null, null), constant(tf, "sw", b));
          try (Result r = s.runner().fetch(op).run()) {
            double java = ((TFloat32) r.get(0)).getFloat();
            double keras = oracle.get("losses").get(e.getKey()).get(b).asDouble();
            System.out.printf("loss %-18s batch %d: fer4j %.7f keras %.7f%n", e.getKey(), b, java, keras);
            close(java, keras, "loss " + e.getKey() + " batch " + b);
          }
        }
      }
    }
  }

  @Test
  void everyMetricStreamsAsKerasWithSampleWeights() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      for (Map.Entry<String, Object[]> e : metricCases().entrySet()) {
        Metric m = (Metric) e.getValue()[0];
        double[] state = new double[m.stateSize()];
        for (int b = 0; b < BATCHES; b++) {
          Operand<TFloat32> op = m.update(tf, constant(tf, (String) e.getValue()[1], b), constant(tf, (String) e.getValue()[2], b), constant(tf, "sw", b));
          try (Result r = s.runner().fetch(op).run()) {
            float[] inc = FloatTensors.floats((TFloat32) r.get(0));
            for (int i = 0; i < inc.length; i++) state[i] += inc[i];
          }
          double keras = oracle.get("metrics").get(e.getKey()).get(b).asDouble();
          System.out.printf("metric %-28s after batch %d: fer4j %.7f keras %.7f%n", e.getKey(), b, m.result(state), keras);
          close(m.result(state), keras, "metric " + e.getKey() + " after batch " + b);
        }
      }
    }
  }

  @Test
  void shortFitWithEachLossMatchesKerasTrainOnBatch() {
    for (FitCase c : fitCases()) {
      JsonNode k = oracle.get("fit").get(c.name());
      for (int s = 0; s < fitLosses.get(c.name()).size(); s++) {
        JsonNode logs = k.get("steps").get(s);
        System.out.printf("fit %-12s step %d: loss fer4j %.7f keras %.7f%n", c.name(), s, fitLosses.get(c.name()).get(s), logs.get("loss").asDouble());
        close(fitLosses.get(c.name()).get(s), logs.get("loss").asDouble(), c.name() + " loss of step " + s);
        List<String> names = fitMetricNames.get(c.name());
        for (int i = 0; i < names.size(); i++) {
          assertThat(logs.has(names.get(i))).as("Keras logs %s for %s: %s", names.get(i), c.name(), logs).isTrue();
          close(fitMetrics.get(c.name()).get(s)[i], logs.get(names.get(i)).asDouble(), c.name() + " " + names.get(i) + " of step " + s);
        }
        assertThat(logs.size()).as("Keras logs exactly loss and fer4j's metrics: %s", logs).isEqualTo(names.size() + 1);
      }
    }
    assertThat(oracle.get("fit").get("cce_ls").get("loss_class").asText()).isEqualTo("CategoricalCrossentropy");
    assertThat(oracle.get("fit").get("cce_ls").get("loss_config").get("label_smoothing").asDouble()).isEqualTo(0.1);
  }

  @Test
  void kerasCompiledModelsLoadCompiledAndEvaluateAsKeras() {
    try (Model m = ModelFiles.load(dir.resolve("py_scce.keras"))) {
      assertThat(m.isCompiled()).isTrue();
      assertThat(m.compilation().loss()).isInstanceOf(SparseCategoricalCrossentropy.class);
      assertThat(m.compilation().labelFormat()).isEqualTo(LabelFormat.SPARSE);
      assertThat(m.compilation().metrics()).extracting(Metric::className).containsExactly("SparseCategoricalAccuracy", "SparseTopKCategoricalAccuracy");
      assertThat(m.iterations()).isEqualTo(1);
      checkEvaluation(m.evaluate(ev3, 40), oracle.get("py").get("scce"));
    }
    try (Model m = ModelFiles.load(dir.resolve("py_bce.keras"))) {
      assertThat(m.compilation().loss()).isInstanceOf(BinaryCrossentropy.class);
      assertThat(m.compilation().labelFormat()).isEqualTo(LabelFormat.BINARY);
      assertThat(m.compilation().metrics()).extracting(Metric::name).containsExactly("accuracy", "precision", "rec", "auc_100");
      checkEvaluation(m.evaluate(ev2, 40), oracle.get("py").get("bce"));
    }
  }

  private static void checkEvaluation(io.fer4j.model.Model.Evaluation ev, JsonNode keras) {
    close(ev.loss(), keras.get("loss").asDouble(), "evaluate loss");
    assertThat(ev.metrics().keySet()).hasSize(keras.size() - 1);
    ev.metrics().forEach((name, v) -> {
      System.out.printf("evaluate %s: fer4j %.7f keras %.7f%n", name, v, keras.get(name).asDouble());
      close(v, keras.get(name).asDouble(), "evaluate " + name);
    });
  }
}
