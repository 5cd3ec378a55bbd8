package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.Ensembles.Tta;
import io.fer4j.predict.ImageModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Test-time augmentation: mirror images are exact, and predictions average the two views. */
class PredictionsTest {
  @Test
  void flipMirrorsEachRowPerChannel() {
    float[] x = {1, 2, 3, 4, 5, 6, /* row 2 */ 7, 8, 9, 10, 11, 12}; // (1, 2, 3, 2)
    assertThat(Predictions.flipped(x, 1, 2, 3, 2)).containsExactly(5, 6, 3, 4, 1, 2, 11, 12, 9, 10, 7, 8);
    assertThat(Predictions.flipped(Predictions.flipped(x, 1, 2, 3, 2), 1, 2, 3, 2)).containsExactly(x);
  }

  @Test
  void ttaAveragesTheImageAndItsMirror() {
    // a "model" that reports the left-most pixel as class-0 score
    ImageModel m = new ImageModel() {
      public long[] inputShape() { return new long[] {1, 2, 1}; }
      public int numOutputs() { return 2; }
      public List<String> classes() { return null; }
      public float[][] predict(float[] in, int n) {
        float[][] p = new float[n][];
        for (int i = 0; i < n; i++) p[i] = new float[] {in[i * 2], 1 - in[i * 2]};
        return p;
      }
      public String describe() { return "probe"; }
      public void close() {}
    };
    float[] x = {1, 0};
    assertThat(Predictions.predict(m, x, 1, 1, 2, 1, Tta.NONE)[0]).containsExactly(1f, 0f);
    assertThat(Predictions.predict(m, x, 1, 1, 2, 1, Tta.FLIP)[0]).containsExactly(0.5f, 0.5f);
    assertThat(Predictions.predict(m, x, 1, 1, 2, 1, Tta.TENCROP)[0]).as("a full-size model: tencrop is flip").containsExactly(0.5f, 0.5f);
    // a 1x3 image [1, 0, 0] seen by the 1x2 model: crops centre [1,0], corners [1,0] [0,0] [1,0] [0,0]; mirrored [0,0,1]: [0,0], [0,0] [0,1] [0,0] [0,1]
    float[] wide = {1, 0, 0};
    assertThat(Predictions.predict(m, wide, 1, 1, 3, 1, Tta.TENCROP)[0][0]).isCloseTo(0.3f, org.assertj.core.api.Assertions.within(1e-6f));
    assertThat(Predictions.predict(m, wide, 1, 1, 3, 1, Tta.NONE)[0][0]).as("the centre crop").isEqualTo(1f);
  }

  @Test
  void flipAndTencropReadImagesAtTheTtaSizeForAModelTakingCrops() {
    ImageOptions o = new ImageOptions();
    o.ttaImageSize = 48;
    o.tta = "none";
    assertThat(o.readShape(new long[] {40, 40, 1})).as("no TTA: the face resized to the model's input").containsExactly(40, 40, 1);
    for (String mode : new String[] {"flip", "tencrop"}) {
      o.tta = mode;
      assertThat(o.readShape(new long[] {40, 40, 1})).as(mode + ": read at 48, then cropped").containsExactly(48, 48, 1);
      assertThat(o.readShape(new long[] {48, 48, 1})).as(mode + ": a full-size model").containsExactly(48, 48, 1);
    }
  }
}
