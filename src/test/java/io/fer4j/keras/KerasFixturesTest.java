package io.fer4j.keras;

import io.fer4j.saving.ModelFiles;
import io.fer4j.model.Model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.model.Sequential;
import io.fer4j.testing.Requirements;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real files written by Python Keras / tf.keras (../shared/fixtures) load as the same model:
 * the .keras, the legacy .h5 and the SavedModel of one model predict the same.
 */
class KerasFixturesTest {
  static final int N = 4;

  @Test
  void keras3Fer112AllThreeFormatsAgree() {
    Path dir = Requirements.fixture("keras3-fer112");
    try (Model k = ModelFiles.load(dir.resolve("emotion_model.keras"));
         Model h = ModelFiles.load(dir.resolve("emotion_model_clean.h5"))) {
      assertThat(k.inputShape()).containsExactly(112, 112, 1);
      assertThat(k.countParams()).isEqualTo(158_184);
      assertThat(k.numOutputs()).isEqualTo(8);
      float[][] pk = Inputs.predict(k, N);
      float[][] ph = Inputs.predict(h, N);
      float[][] ps = Inputs.savedModel(dir.resolve("savedmodel"), new long[] {112, 112, 1}, N);
      double dkh = Inputs.maxAbsDiff(pk, ph);
      double dks = Inputs.maxAbsDiff(pk, ps);
      System.out.println("keras3-fer112 row0 " + java.util.Arrays.toString(pk[0]) + " savedmodel " + java.util.Arrays.toString(ps[0]));
      System.out.printf("keras3-fer112 max|diff| keras-h5 %.3g keras-savedmodel %.3g%n", dkh, dks);
      assertThat(dkh).isLessThanOrEqualTo(1e-5);
      assertThat(dks).isLessThanOrEqualTo(1e-5);
      // the .keras has a compile_config and Adam variables: training state comes back
      assertThat(k.isCompiled()).isTrue();
      assertThat(k.iterations()).isPositive();
      assertThat(k.learningRate()).isEqualTo(9.0e-6f, org.assertj.core.api.Assertions.within(1e-9f));
      assertThat(k.optimizerSlots().get(0)).isNotEqualTo(new float[k.optimizerSlots().get(0).length]);
      // outputs are a probability distribution that depends on the input
      assertThat(pk[0]).isNotEqualTo(pk[1]);
    }
  }

  @Test
  void keras2Fer48H5AndKerasLoad() {
    Path dir = Requirements.fixture("keras2-fer48");
    try (Model h = ModelFiles.load(dir.resolve("emotion_model.h5"));
         Model ck = ModelFiles.load(dir.resolve("model.01-1.88.h5"));
         Model k = ModelFiles.load(dir.resolve("emotion_model.keras"))) {
      assertThat(h.countParams()).isEqualTo(109_575);
      // training_config (Custom>Adam, categorical_crossentropy) and tf.keras 2.13 optimizer weights
      assertThat(h.isCompiled()).isTrue();
      assertThat(h.iterations()).isPositive();
      assertThat(h.optimizerSlots().get(1)).isNotEqualTo(new float[h.optimizerSlots().get(1).length]);
      assertThat(ck.countParams()).isEqualTo(319_047);
      assertThat(k.inputShape()).containsExactly(48, 48, 1);
      assertThat(k.numOutputs()).isEqualTo(7);
      assertThat(k.isCompiled()).isTrue();
      assertThat(k.iterations()).isPositive();
      for (Model m : new Model[] {h, ck, k}) {
        for (float[] row : Inputs.predict(m, N)) {
          double sum = 0;
          for (float p : row) sum += p;
          assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
  }

  /**
   * The tf.keras 2.13 .keras (Windows backslash groups, suffixes conv2d, conv2d_2, conv2d_4…) has
   * no other format to compare with; its group-to-layer matching is checked on real faces: the
   * right matching classifies FER2013 images far above chance (a swapped pair of the two
   * same-shaped conv kernels drops to chance, 0.14, in a Python check).
   */
  @Test
  void keras2Fer48KerasAndH5ClassifyRealFaces(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
    Path model = Requirements.fixture("keras2-fer48/emotion_model.keras");
    Path train = Requirements.shared().resolve("data/fer2013/train");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(train) || Requirements.ci(), "skipped: no " + train);
    for (String c : io.fer4j.FerModels.CLASSES) {
      java.nio.file.Files.createDirectories(tmp.resolve(c));
      try (var files = java.nio.file.Files.list(train.resolve(c))) {
        for (Path p : files.sorted().limit(40).toList()) java.nio.file.Files.copy(p, tmp.resolve(c).resolve(p.getFileName()));
      }
    }
    io.fer4j.data.ImageData faces = io.fer4j.data.ImageFolder.load(tmp, 48, 48, 1, io.fer4j.data.Interpolation.BILINEAR);
    try (Model k = ModelFiles.load(model)) {
      double acc = k.evaluate(faces, 70).accuracy();
      System.out.printf("keras2-fer48 .keras accuracy on 280 FER2013 faces: %.3f%n", acc);
      assertThat(acc).isGreaterThan(0.30);
    }
    try (Model h = ModelFiles.load(model.resolveSibling("emotion_model.h5"))) {
      double acc = h.evaluate(faces, 70).accuracy();
      System.out.printf("keras2-fer48 .h5 accuracy on 280 FER2013 faces: %.3f%n", acc);
      assertThat(acc).isGreaterThan(0.30);
    }
  }

  /** The same tf.keras 2.13 file with ordinary nested groups (as written off Windows) loads the same. */
  @Test
  void keras2KerasWithSlashPathsLoadsTheSame(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path model = Requirements.fixture("keras2-fer48/emotion_model.keras");
    Path slash = tmp.resolve("slash.keras");
    io.fer4j.testing.Python.run("keras2_slash_paths.py", model.toString(), slash.toString());
    try (Model a = ModelFiles.load(model); Model b = ModelFiles.load(slash)) {
      assertThat(Inputs.maxAbsDiff(Inputs.predict(a, N), Inputs.predict(b, N))).isZero();
      assertThat(b.iterations()).isEqualTo(a.iterations());
    }
  }

  @Test
  void keras2Mlp7H5MatchesItsSavedModel() {
    Path dir = Requirements.fixture("keras2-mlp7");
    try (Model h = ModelFiles.load(dir.resolve("Gender_cls.h5"))) {
      assertThat(h.inputShape()).containsExactly(7);
      // its training_config (binary_crossentropy, "accuracy" on one sigmoid unit) now compiles as Keras does
      assertThat(h.compilation().loss()).isInstanceOf(io.fer4j.losses.BinaryCrossentropy.class);
      assertThat(h.compilation().metrics()).singleElement().isInstanceOf(io.fer4j.metrics.BinaryAccuracy.class);
      assertThat(h.compilation().metrics().get(0).name()).isEqualTo("accuracy");
      float[][] ph = Inputs.predict(h, N);
      float[][] ps = Inputs.savedModel(dir.resolve("savedmodel"), new long[] {7}, N);
      double d = Inputs.maxAbsDiff(ph, ps);
      System.out.printf("keras2-mlp7 max|diff| h5-savedmodel %.3g%n", d);
      assertThat(d).isLessThanOrEqualTo(1e-5);
    }
  }
}
