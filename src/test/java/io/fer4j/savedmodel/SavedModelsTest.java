package io.fer4j.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fer4j.Fer4jException;
import io.fer4j.model.Sequential;
import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on every fixture SavedModel Python wrote, and on fer4j's own exports. */
class SavedModelsTest {
  @TempDir Path tmp;

  record Expect(String dir, String input, long[] inShape, String output, long[] outShape) {}

  static final List<Expect> FIXTURES = List.of(
      new Expect("keras3-fer112/savedmodel", "input_layer", new long[] {-1, 112, 112, 1}, "output_0", new long[] {-1, 8}),
      new Expect("keras2-mlp7/savedmodel", "dense_input", new long[] {-1, 7}, "dense_5", new long[] {-1, 1}),
      new Expect("tfkeras28-mobilenet/savedmodel", "sequential_input", new long[] {-1, 160, 120, 1}, "model", new long[] {-1, 5}),
      new Expect("tfkeras28-smile/savedmodel", "conv2d_input", new long[] {-1, 64, 64, 1}, "dense_1", new long[] {-1, 1}));

  @Test
  void readsSignaturesOfEveryFixtureAndPredicts() {
    for (Expect e : FIXTURES) {
      Path dir = Requirements.fixture(e.dir());
      List<SavedModels.MetaGraphInfo> mgs = SavedModels.read(dir);
      assertThat(mgs).as(e.dir()).hasSize(1);
      assertThat(mgs.get(0).tags()).containsExactly("serve");
      try (LoadedSavedModel m = SavedModels.load(dir)) {
        assertThat(m.tags()).containsExactly("serve");
        SignatureInfo sig = m.signature("serving_default");
        assertThat(sig.methodName()).isEqualTo("tensorflow/serving/predict");
        assertThat(sig.inputs()).containsOnlyKeys(e.input());
        assertThat(sig.inputs().get(e.input()).shape()).containsExactly(e.inShape());
        assertThat(sig.inputs().get(e.input()).dtypeName()).isEqualTo("DT_FLOAT");
        assertThat(sig.outputs()).containsOnlyKeys(e.output());
        assertThat(sig.outputs().get(e.output()).shape()).containsExactly(e.outShape());
        assertThat(mgs.get(0).signatures().keySet()).isEqualTo(m.signatures().keySet());

        long[] shape = e.inShape().clone();
        shape[0] = 3;
        float[] x = new float[(int) TensorValue.numElements(shape)];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        TensorValue y = m.predict("serving_default", TensorValue.ofFloats(x, shape));
        assertThat(y.shape()).containsExactly(3, e.outShape()[1]);
        for (float v : y.floats()) assertThat(v).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void batchingSplitsAndConcatenatesExactly() {
    try (LoadedSavedModel m = SavedModels.load(Requirements.fixture("keras3-fer112/savedmodel"))) {
      int n = 7;
      float[] x = new float[n * 112 * 112];
      Random r = new Random(2);
      for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
      TensorValue in = TensorValue.ofFloats(x, n, 112, 112, 1);
      float[] whole = m.predict("serving_default", in).floats();
      float[] split = m.maxBatch(3).predict("serving_default", in).floats();
      assertThat(split).hasSize(n * 8);
      for (int i = 0; i < whole.length; i++) assertThat(split[i]).isCloseTo(whole[i], within(1e-6f));
      // row i of the batch equals the model on row i alone
      float[] row5 = m.predict("serving_default", in.slice(5, 6)).floats();
      for (int k = 0; k < 8; k++) assertThat(row5[k]).isCloseTo(whole[5 * 8 + k], within(1e-6f));
    }
  }

  @Test
  void fer4jExportMatchesTheModel() {
    Path dir = tmp.resolve("export");
    try (Sequential model = TinyModel.export(dir); LoadedSavedModel m = SavedModels.load(dir)) {
      float[] x = TinyModel.input(5, 3);
      float[][] expected = model.predict(x, 5);
      TensorValue y = m.predict("serving_default", TensorValue.ofFloats(x, 5, 8, 8, 1));
      for (int i = 0; i < 5; i++) for (int k = 0; k < 3; k++) assertThat(y.floats()[i * 3 + k]).isCloseTo(expected[i][k], within(1e-5f));
      ImageSignature img = ImageSignature.of(m);
      assertThat(img).isEqualTo(new ImageSignature("serving_default", "input_layer", 8, 8, 1, DType.FLOAT32, "output_0", 3));
    }
  }

  @Test
  void imageSignatureRejectsNonImagesAndBadFeedsAreClear() {
    try (LoadedSavedModel m = SavedModels.load(Requirements.fixture("keras2-mlp7/savedmodel"))) {
      assertThatThrownBy(() -> ImageSignature.of(m)).isInstanceOf(Fer4jException.class)
          .hasMessage("model input dense_input is not an image (shape [-1,7], expected [-1,H,W,C])");
      assertThatThrownBy(() -> m.predict("serving_default", TensorValue.ofFloats(new float[16], 2, 8)))
          .isInstanceOf(Fer4jException.class).hasMessage("input 'dense_input' expects shape [-1,7], got [2,8]");
      assertThatThrownBy(() -> m.predict("nope", TensorValue.ofFloats(new float[7], 1, 7)))
          .isInstanceOf(Fer4jException.class).hasMessageContaining("no signature 'nope'");
      assertThatThrownBy(() -> m.predict("serving_default", Map.of("x", TensorValue.ofFloats(new float[7], 1, 7))))
          .isInstanceOf(Fer4jException.class).hasMessage("signature 'serving_default' takes inputs [dense_input], got [x]");
      // integers convert exactly to the float input
      TensorValue ints = TensorValue.ofInts(DType.INT32, new long[] {1, 0, 0, 1, 0, 1, 0}, 1, 7);
      TensorValue floats = TensorValue.ofFloats(new float[] {1, 0, 0, 1, 0, 1, 0}, 1, 7);
      assertThat(m.predict("serving_default", ints).floats()).containsExactly(m.predict("serving_default", floats).floats());
    }
    assertThatThrownBy(() -> SavedModels.load(tmp)).isInstanceOf(Fer4jException.class).hasMessageContaining("not a SavedModel (no saved_model.pb)");
  }

  /** 3,000 calls of 1,000 rows move ~100 MB through native tensors; a leak would show in RSS. */
  @Test
  void nativeTensorsAreClosed() throws Exception {
    try (LoadedSavedModel m = SavedModels.load(Requirements.fixture("keras2-mlp7/savedmodel")).maxBatch(4096)) {
      TensorValue in = TensorValue.ofFloats(new float[1000 * 7], 1000, 7);
      for (int i = 0; i < 300; i++) m.predict("serving_default", in);
      System.gc();
      long before = rssKb();
      for (int i = 0; i < 3000; i++) m.predict("serving_default", in);
      System.gc();
      long grown = rssKb() - before;
      assertThat(grown).as("RSS growth in KiB over 3,000 calls").isLessThan(40_000);
    }
  }

  static long rssKb() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
    }
    return 0;
  }
}
