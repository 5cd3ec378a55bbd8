package io.fer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fer4j.Fer4jException;
import io.fer4j.testing.Python;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blur option of {@code --augment}: Keras' 3x3 Gaussian blur numerics, applied to about half the images. */
class AugmentationTest {
  @TempDir Path dir;

  @Test
  void blurMatchesKerasGaussianBlur() throws Exception {
    int h = 7, w = 9, c = 2;
    float[] img = new float[h * w * c];
    Random r = new Random(5);
    for (int i = 0; i < img.length; i++) img[i] = r.nextFloat();
    for (double[] s : new double[][] {{0.4, 1.3}, {1.0, 1.0}}) {
      float[] mine = img.clone();
      Augmentation.gaussianBlur3x3(mine, 0, h, w, c, s[0], s[1]);
      Path in = dir.resolve("in.f32"), out = dir.resolve("out.f32");
      Python.writeFloats(in, img);
      Python.run("keras_gaussian_blur.py", in.toString(), out.toString(), "" + h, "" + w, "" + c, "" + s[0], "" + s[1]);
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < mine.length; i++) assertThat(mine[i]).as("sigma %s, element %d", Arrays.toString(s), i).isCloseTo(b.getFloat(), within(1e-6f));
    }
  }

  @Test
  void blurSoftensAboutHalfTheImagesAndIsParsedFromTheCommandLine() {
    Augmentation a = Augmentation.parse("blur=1.5");
    assertThat(a.toString()).contains("blur=1.50");
    int h = 12, w = 12, changed = 0, n = 400;
    for (int k = 0; k < n; k++) {
      float[] img = new float[h * w];
      img[5 * w + 6] = 1; // a point: blurred, it spreads to its neighbours and keeps its mass
      a.apply(img, 0, h, w, 1, new SplittableRandom(k), 0.5f);
      double sum = 0;
      for (float v : img) sum += v;
      assertThat(sum).isCloseTo(1, within(1e-5));
      if (img[5 * w + 6] < 0.999f) changed++;
    }
    assertThat(changed).isBetween(n / 2 - 50, n / 2 + 50);
    assertThatThrownBy(() -> Augmentation.parse("flip,blur=-1")).isInstanceOf(Fer4jException.class).hasMessageContaining("blur");
    assertThatThrownBy(() -> Augmentation.parse("sharpen=1")).isInstanceOf(Fer4jException.class).hasMessageContaining("blur");
  }
}
