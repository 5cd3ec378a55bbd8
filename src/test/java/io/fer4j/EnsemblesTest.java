package io.fer4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.model.Model;
import io.fer4j.model.Sequential;
import io.fer4j.saving.ModelFiles;
import io.fer4j.testing.Python;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles with test-time augmentation inside the graph: the numbers of hand-made views, in fer4j, Keras and TF. */
class EnsemblesTest {
  @TempDir Path work;

  private static Sequential member(String name, int size, long seed) {
    Sequential m = new Sequential(name, new InputLayer(size, size, 1));
    m.add(new Conv2D(4, 3).padding("same"));
    m.add(new BatchNormalization());
    m.add(new MaxPooling2D(4));
    m.add(new Flatten());
    m.add(new Dense(7, "softmax"));
    m.seed(seed);
    return m;
  }

  /** The (n, s, s, 1) crop at (top, left) of (n, 48, 48, 1) images, mirrored first when asked. */
  private static float[] view(float[] x, int n, int s, int top, int left, boolean mirror) {
    return view(x, n, 48, s, top, left, mirror);
  }

  /** n random 48x48 gray images in [0, 1). */
  private static float[] images(int n, long seed) {
    float[] x = new float[n * 48 * 48];
    Random r = new Random(seed);
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    return x;
  }

  private static void accumulate(double[][] acc, float[][] p, double w) {
    for (int i = 0; i < acc.length; i++) for (int j = 0; j < acc[i].length; j++) acc[i][j] += w * p[i][j];
  }

  private static double maxDiff(float[][] a, double[][] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
    return d;
  }

  private static double maxDiff(JsonNode a, double[][] b) {
    double d = 0;
    for (int i = 0; i < b.length; i++) for (int j = 0; j < b[i].length; j++) d = Math.max(d, Math.abs(a.get(i).get(j).asDouble() - b[i][j]));
    return d;
  }

  /** Keras 3's predictions for the n images {@code x} (written to {@code in}) from the .keras file. */
  private JsonNode kerasPredictions(Path keras, float[] x, int n, Path in) throws Exception {
    Python.writeFloats(in, x);
    Path out = work.resolve(in.getFileName() + ".json");
    Python.run("keras_predict.py", keras.toString(), in.toString(), "" + n, out.toString());
    return new ObjectMapper().readTree(out.toFile()).get("predictions");
  }

  @Test
  void tenCropAndFlipEnsembleMatchesHandMadeViewsInFer4jKerasAndTf() throws Exception {
    int n = 5;
    float[] x = images(n, 7);
    try (Sequential small = member("small", 40, 1); Sequential full = member("full", 48, 2)) {
      double[][] expected = new double[n][7];
      int[][] corners = {{4, 4}, {0, 0}, {0, 8}, {8, 0}, {8, 8}};
      for (boolean mirror : new boolean[] {false, true}) {
        for (int[] c : corners) accumulate(expected, small.predict(view(x, n, 40, c[0], c[1], mirror), n), 0.5 / 10);
        accumulate(expected, full.predict(view(x, n, 48, 0, 0, mirror), n), 0.5 / 2);
      }
      try (Model e = Ensembles.average(List.of(small, full), new long[] {48, 48, 1}, Ensembles.Tta.TENCROP)) {
        float[][] got = e.predict(x, n);
        assertThat(maxDiff(got, expected)).as("fer4j ensemble vs hand-made views").isLessThanOrEqualTo(1e-6);
        Path keras = work.resolve("ensemble.keras");
        ModelFiles.save(e, keras);
        try (Model back = ModelFiles.load(keras)) {
          assertThat(maxDiff(back.predict(x, n), expected)).as("fer4j reloading its .keras").isLessThanOrEqualTo(1e-6);
        }
        Path sm = work.resolve("ensemble-savedmodel");
        ModelFiles.save(e, sm);
        Path in = work.resolve("x.bin");
        assertThat(maxDiff(kerasPredictions(keras, x, n, in), expected)).as("Keras 3 loading the .keras").isLessThanOrEqualTo(1e-5);
        Python.run("savedmodel_predict.py", sm.toString(), in.toString(), "" + n, "48", "48", "1", work.resolve("s.json").toString());
        JsonNode s = new ObjectMapper().readTree(work.resolve("s.json").toFile());
        assertThat(maxDiff(s.get("tf"), expected)).as("Python TF serving_default").isLessThanOrEqualTo(1e-5);
        assertThat(maxDiff(s.get("tfsm"), expected)).as("TFSMLayer").isLessThanOrEqualTo(1e-5);
      }
    }
  }

  /** (n, s, s) images resized bilinearly to (n, t, t), by TF's half-pixel-centre rule, written out. */
  private static float[] resized(float[] x, int n, int s, int t) {
    float[] out = new float[n * t * t];
    double scale = (double) s / t;
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < t; y++) {
        double fy = (y + 0.5) * scale - 0.5;
        int y0 = Math.max((int) Math.floor(fy), 0), y1 = Math.min((int) Math.ceil(fy), s - 1);
        double ly = fy - Math.floor(fy);
        for (int c = 0; c < t; c++) {
          double fx = (c + 0.5) * scale - 0.5;
          int x0 = Math.max((int) Math.floor(fx), 0), x1 = Math.min((int) Math.ceil(fx), s - 1);
          double lx = fx - Math.floor(fx);
          int b = i * s * s;
          double top = x[b + y0 * s + x0] + (x[b + y0 * s + x1] - x[b + y0 * s + x0]) * lx;
          double bottom = x[b + y1 * s + x0] + (x[b + y1 * s + x1] - x[b + y1 * s + x0]) * lx;
          out[(i * t + y) * t + c] = (float) (top + (bottom - top) * ly);
        }
      }
    }
    return out;
  }

  /** The (n, s, s) crop at (top, left) of (n, f, f) images, mirrored first when asked. */
  private static float[] view(float[] x, int n, int f, int s, int top, int left, boolean mirror) {
    float[] v = new float[n * s * s];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < s; y++) {
        for (int c = 0; c < s; c++) {
          int col = left + c;
          v[(i * s + y) * s + c] = x[(i * f + top + y) * f + (mirror ? f - 1 - col : col)];
        }
      }
    }
    return v;
  }

  @Test
  void multiScaleTenCropAddsTheCropsOfTheResizedImageInFer4jAndKeras() throws Exception {
    int n = 4;
    float[] x = images(n, 11);
    float[] at44 = resized(x, n, 48, 44);
    try (Sequential small = member("small", 40, 3); Sequential full = member("full", 48, 4)) {
      double[][] expected = new double[n][7];
      for (boolean mirror : new boolean[] {false, true}) {
        for (int[] c : new int[][] {{4, 4}, {0, 0}, {0, 8}, {8, 0}, {8, 8}}) accumulate(expected, small.predict(view(x, n, 48, 40, c[0], c[1], mirror), n), 0.5 / 20);
        for (int[] c : new int[][] {{2, 2}, {0, 0}, {0, 4}, {4, 0}, {4, 4}}) accumulate(expected, small.predict(view(at44, n, 44, 40, c[0], c[1], mirror), n), 0.5 / 20);
        accumulate(expected, full.predict(view(x, n, 48, 48, 0, 0, mirror), n), 0.5 / 2); // 44 is smaller than its input: no views there
      }
      try (Model e = Ensembles.average(List.of(small, full), new long[] {48, 48, 1}, Ensembles.Tta.TENCROP, List.of(44))) {
        assertThat(maxDiff(e.predict(x, n), expected)).as("fer4j multi-scale ensemble vs hand-made views").isLessThanOrEqualTo(2e-6);
        Path keras = work.resolve("multiscale.keras");
        ModelFiles.save(e, keras);
        assertThat(maxDiff(kerasPredictions(keras, x, n, work.resolve("xm.bin")), expected)).as("Keras 3 loading the multi-scale .keras").isLessThanOrEqualTo(1e-5);
      }
      assertThatThrownBy(() -> Ensembles.average(List.of(small), new long[] {48, 48, 1}, Ensembles.Tta.TENCROP, List.of(48)))
          .hasMessage("ensemble: a TTA size must be smaller than the images (48x48), got 48");
    }
  }

  @Test
  void noTtaIsTheCentreCropAndOneMemberIsItself() {
    int n = 3;
    float[] x = images(n, 3);
    try (Sequential small = member("small", 40, 5)) {
      double[][] expected = new double[n][7];
      accumulate(expected, small.predict(view(x, n, 40, 4, 4, false), n), 1);
      try (Model e = Ensembles.average(List.of(small), new long[] {48, 48, 1}, Ensembles.Tta.NONE)) {
        assertThat(maxDiff(e.predict(x, n), expected)).isLessThanOrEqualTo(1e-6);
      }
    }
  }

  @Test
  void refusesMembersThatDoNotFit() {
    try (Sequential big = member("big", 56, 1); Sequential a = member("a", 48, 1); Sequential b = member("b", 48, 2)) {
      assertThatThrownBy(() -> Ensembles.average(List.of(big), new long[] {48, 48, 1}, Ensembles.Tta.FLIP))
          .hasMessageContaining("ensemble member 0 (big)").hasMessageContaining("[56, 56, 1]");
      b.setInputScaling(1 / 127.5, -1);
      assertThatThrownBy(() -> Ensembles.average(List.of(a, b), new long[] {48, 48, 1}, Ensembles.Tta.FLIP))
          .hasMessageContaining("ensemble member 1 (b): input scaling");
      assertThatThrownBy(() -> Ensembles.Tta.parse("five")).hasMessage("--tta must be none, flip or tencrop, got 'five'");
    }
  }

  @Test
  void classNamesComeFromAnyMemberThatRecordsThemAndMustAgree() {
    try (Sequential a = member("a", 48, 1); Sequential b = member("b", 48, 2); Sequential c = member("c", 48, 3)) {
      // a, as a .keras file loads, records no class names; b does
      b.setClassNames(List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"));
      try (Model e = Ensembles.average(List.of(a, b), new long[] {48, 48, 1}, Ensembles.Tta.NONE)) {
        assertThat(e.classNames()).isEqualTo(b.classNames());
      }
      c.setClassNames(List.of("a", "b", "c", "d", "e", "f", "g"));
      assertThatThrownBy(() -> Ensembles.average(List.of(a, b, c), new long[] {48, 48, 1}, Ensembles.Tta.NONE))
          .hasMessageContaining("ensemble member 2 (c): classes [a, b, c, d, e, f, g] differ");
    }
  }
}
