package io.fer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The random layers in training mode, where only distributional parity with Keras is possible:
 * each draw has the structure Keras' transformation has (a flip is exactly a mirror or the
 * original, one brightness offset per sample inside its range, a dropout mask shared along the
 * noise_shape's unit axes, noise with the right moments), fresh draws differ, and inference is
 * the identity. (Exact training parity on degenerate ranges is in KerasLayersOracleTest.)
 */
class RandomLayersTest {
  static final int N = 64;
  static final long[] SHAPE = {4, 5, 3};
  static final int PER = 60;

  static float[] input(int n, int per, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * per];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    return x;
  }

  static float at(float[] a, int s, int h, int w, int c) { return a[s * PER + (h * 5 + w) * 3 + c]; }

  static float[] train(Layer l, float[] x, long seed) {
    l.setName(l.className().toLowerCase(java.util.Locale.ROOT));
    return LayerRunner.run(l, SHAPE, x, N, List.of(), true, seed);
  }

  @Test
  void everyRandomLayerIsTheIdentityAtInference() {
    float[] x = input(N, PER, 1);
    List<Layer> layers = List.of(new RandomFlip(), new RandomRotation(0.3), new RandomZoom(0.4), new RandomTranslation(0.2, 0.3),
        new RandomContrast(0.5), new RandomBrightness(0.3), new GaussianNoise(0.5), new GaussianDropout(0.4), new Dropout(0.5).noiseShape(-1, 1, 1, 3));
    for (Layer l : layers) {
      l.setName("l");
      assertThat(LayerRunner.run(l, SHAPE, x, N, List.of(), false, 3)).as(l.className()).containsExactly(x);
      assertThat(LayerRunner.run(l, SHAPE, x, N, List.of(), true, 3)).as(l.className() + " in training").isNotEqualTo(x);
    }
  }

  @Test
  void flipGivesExactlyTheMirrorOrTheOriginalAndBothOccur() {
    float[] x = input(N, PER, 2);
    for (String mode : RandomFlip.MODES) {
      float[] y = train(new RandomFlip(mode), x, 5);
      int flipped = 0;
      for (int s = 0; s < N; s++) {
        boolean same = true;
        boolean mirror = true;
        for (int h = 0; h < 4; h++) {
          for (int w = 0; w < 5; w++) {
            for (int c = 0; c < 3; c++) {
              int mh = mode.equals("horizontal") ? h : 3 - h;
              int mw = mode.equals("vertical") ? w : 4 - w;
              same &= at(y, s, h, w, c) == at(x, s, h, w, c);
              mirror &= at(y, s, h, w, c) == at(x, s, mh, mw, c);
            }
          }
        }
        assertThat(same || mirror).as(mode + " sample " + s).isTrue();
        if (mirror) flipped++;
      }
      assertThat(flipped).as(mode + ": flipped samples of " + N).isBetween(16, 48);
    }
  }

  @Test
  void brightnessAddsOneOffsetPerSampleWithinItsRange() {
    float[] x = input(N, PER, 3);
    for (int i = 0; i < x.length; i++) x[i] = 100 + 20 * x[i]; // far from the clip bounds 0 and 255
    float[] y = train(new RandomBrightness(new double[] {-0.1, 0.2}, new double[] {0, 255}), x, 7);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int s = 0; s < N; s++) {
      double d0 = y[s * PER] - x[s * PER];
      for (int i = 0; i < PER; i++) assertThat((double) y[s * PER + i] - x[s * PER + i]).isCloseTo(d0, within(1e-3));
      assertThat(d0).isBetween(-0.1 * 255 - 1e-3, 0.2 * 255 + 1e-3);
      min = Math.min(min, d0);
      max = Math.max(max, d0);
    }
    assertThat(max - min).as("offsets spread over the range").isGreaterThan(0.5 * 0.3 * 255);
  }

  @Test
  void contrastScalesEachSampleAboutItsChannelMeans() {
    float[] x = input(N, PER, 4);
    for (int i = 0; i < x.length; i++) x[i] = 100 + 10 * x[i];
    float[] y = train(new RandomContrast(new double[] {0.4, 0.4}, new double[] {0, 255}), x, 9);
    for (int s = 0; s < N; s++) {
      double factor = Double.NaN;
      for (int c = 0; c < 3; c++) {
        double mean = 0;
        for (int p = 0; p < 20; p++) mean += x[s * PER + p * 3 + c];
        mean /= 20;
        for (int p = 0; p < 20; p++) {
          double f = (y[s * PER + p * 3 + c] - mean) / (x[s * PER + p * 3 + c] - mean);
          if (Math.abs(x[s * PER + p * 3 + c] - mean) < 1) continue;
          if (Double.isNaN(factor)) factor = f;
          assertThat(f).as("one contrast factor per sample").isCloseTo(factor, within(1e-3));
        }
      }
      assertThat(factor).isBetween(0.6 - 1e-4, 1.4 + 1e-4);
    }
  }

  @Test
  void dropoutNoiseShapeSharesOneMaskValuePerSampleAndChannel() {
    float[] x = new float[N * PER];
    java.util.Arrays.fill(x, 1f);
    float[] y = train(new Dropout(0.5).noiseShape(-1, 1, 1, 3), x, 11);
    int kept = 0;
    for (int s = 0; s < N; s++) {
      for (int c = 0; c < 3; c++) {
        float v = at(y, s, 0, 0, c);
        assertThat(v).isIn(0f, 2f);
        for (int h = 0; h < 4; h++) for (int w = 0; w < 5; w++) assertThat(at(y, s, h, w, c)).isEqualTo(v);
        if (v == 2f) kept++;
      }
    }
    assertThat(kept).isBetween(N * 3 / 4, N * 9 / 4);
  }

  @Test
  void gaussianNoiseAndDropoutHaveKerasMoments() {
    float[] ones = new float[N * PER];
    java.util.Arrays.fill(ones, 1f);
    double[] noise = moments(train(new GaussianNoise(0.3), ones, 13));
    assertThat(noise[0]).isCloseTo(1.0, within(0.03));
    assertThat(noise[1]).isCloseTo(0.3, within(0.03));
    double[] drop = moments(train(new GaussianDropout(0.2), ones, 17));
    assertThat(drop[0]).isCloseTo(1.0, within(0.03));
    assertThat(drop[1]).isCloseTo(Math.sqrt(0.2 / 0.8), within(0.03));
  }

  @Test
  void geometricLayersMoveContentAndFreshDrawsDiffer() {
    float[] x = input(N, PER, 5);
    for (Layer l : List.of(new RandomRotation(0.2), new RandomZoom(0.3), new RandomTranslation(0.3, 0.3))) {
      float[] a = train(l, x, 21);
      float[] b = LayerRunner.run(l, SHAPE, x, N, List.of(), true, 22);
      assertThat(a).as(l.className()).isNotEqualTo(x);
      assertThat(a).as(l.className() + " with another seed").isNotEqualTo(b);
      int samplesChanged = 0;
      for (int s = 0; s < N; s++) {
        boolean changed = false;
        for (int i = 0; i < PER; i++) changed |= Math.abs(a[s * PER + i] - x[s * PER + i]) > 1e-6;
        if (changed) samplesChanged++;
      }
      assertThat(samplesChanged).as(l.className() + ": each sample gets its own draw").isGreaterThan(N - 4);
    }
  }

  private static double[] moments(float[] v) {
    double m = 0;
    for (float f : v) m += f;
    m /= v.length;
    double s = 0;
    for (float f : v) s += (f - m) * (f - m);
    return new double[] {m, Math.sqrt(s / v.length)};
  }
}
