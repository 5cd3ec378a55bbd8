package io.fer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.Fer4jException;
import io.fer4j.testing.Requirements;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaders, splits and decoding behave as Keras' flow_from_directory and the FER2013 CSV expect. */
class DataTest {
  @TempDir Path tmp;

  @Test
  void csvKeepsItsClassOrderAndFiltersUsage() throws Exception {
    StringBuilder sb = new StringBuilder("emotion,pixels,Usage\n");
    String px = String.join(" ", IntStream.range(0, 2304).mapToObj(i -> String.valueOf(i % 256)).toList());
    for (int i = 0; i < 14; i++) sb.append(i % 7).append(',').append(px).append(',').append(i < 7 ? "Training" : "PrivateTest").append('\n');
    Path csv = tmp.resolve("fer2013.csv");
    Files.writeString(csv, sb);
    ImageData train = Fer2013Csv.load(csv, List.of("Training"));
    assertThat(train.size()).isEqualTo(7);
    assertThat(train.classes()).containsExactly("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    assertThat(train.pixels(0)[255]).isEqualTo((byte) 255);
    ImageData test = Datasets.load(csv.toString(), 48, 48, 1, Interpolation.BILINEAR, false);
    assertThat(test.size()).isEqualTo(7);
    // relabelled onto alphabetical order, "sad" (CSV label 4) becomes label 5
    ImageData alpha = test.withClassOrder(List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"));
    assertThat(alpha.label(4)).isEqualTo(5);
    assertThat(alpha.label(6)).isEqualTo(4);
    // a model with an extra class (FER+'s contempt) still takes FER2013 data, matched by name
    ImageData plus = test.withClassOrder(List.of("angry", "contempt", "disgust", "fear", "happy", "neutral", "sad", "surprise"));
    assertThat(plus.classes()).hasSize(8);
    assertThat(plus.label(1)).isEqualTo(2);
    assertThatThrownBy(() -> test.withClassOrder(List.of("a", "b"))).isInstanceOf(Fer4jException.class).hasMessageContaining("do not match");
  }

  @Test
  void stratifiedSplitIsDeterministicAndPerClass() {
    ImageData d = Datasets.synthetic(1, 0, 700);
    ImageData[] a = ValidationSplit.split(d, 0.1, 42);
    ImageData[] b = ValidationSplit.split(d, 0.1, 42);
    assertThat(a[1].size()).isEqualTo(70);
    assertThat(a[1].classCounts()).containsOnly(10);
    assertThat(a[0].size() + a[1].size()).isEqualTo(700);
    for (int i = 0; i < a[1].size(); i++) assertThat(a[1].source(i)).isEqualTo(b[1].source(i));
    assertThat(ValidationSplit.split(d, 0.1, 43)[1].source(0)).isNotEqualTo(a[1].source(0));
  }

  @Test
  void folderClassesAreSortedAndImagesResized() throws Exception {
    for (String c : List.of("zeta", "alpha")) {
      Files.createDirectories(tmp.resolve(c));
      BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setSample(0, 0, 0, 200);
      ImageIO.write(img, "png", tmp.resolve(c).resolve("a.png").toFile());
      Files.writeString(tmp.resolve(c).resolve("notes.txt"), "ignored, as Keras ignores non-images");
    }
    ImageData d = ImageFolder.load(tmp, 48, 48, 1, Interpolation.NEAREST);
    assertThat(d.classes()).containsExactly("alpha", "zeta");
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.sampleShape()).containsExactly(48, 48, 1);
  }

  @Test
  void resizeUsesHalfPixelCentres() throws Exception {
    // 2x2 → 4x4 bilinear with half-pixel centres: corners keep their values, (as PIL / tf.image.resize)
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setPixels(0, 0, 2, 2, new int[] {0, 100, 200, 40});
    Path f = tmp.resolve("x.png");
    ImageIO.write(img, "png", f.toFile());
    try (ImageDecoder dec = new ImageDecoder(1)) {
      float[] p = dec.read(f, 4, 4, Interpolation.BILINEAR).pixels();
      assertThat(p[0]).isEqualTo(0f);
      assertThat(p[1]).isEqualTo(25f); // 0.75*0 + 0.25*100
      assertThat(p[3]).isEqualTo(100f);
      assertThat(dec.read(f, 4, 4, Interpolation.NEAREST).pixels()).startsWith(0f, 0f, 100f, 100f);
      assertThatThrownBy(() -> dec.decode(new byte[] {1, 2, 3}, 4, 4, Interpolation.BILINEAR, "junk.bin"))
          .isInstanceOf(Fer4jException.class).hasMessageContaining("junk.bin");
    }
  }

  @Test
  void grayJpegsDecodeWithoutAColourShift() throws Exception {
    // a real FER2013 gray JPEG; exact equality with PIL is checked by PythonModelAccuracyTest
    Path dir = Requirements.shared().resolve("data/fer2013/train/angry");
    Path first;
    try (var s = Files.list(dir)) {
      first = s.sorted().findFirst().orElseThrow();
    }
    try (ImageDecoder dec = new ImageDecoder(1)) {
      ImageDecoder.Image img = dec.read(first, 48, 48, Interpolation.NEAREST);
      assertThat(img.height()).isEqualTo(48);
      float[] fromJava2d = new float[48 * 48];
      BufferedImage bi = ImageIO.read(first.toFile());
      bi.getRaster().getPixels(0, 0, 48, 48, fromJava2d);
      // both decoders read the gray JPEG; they may differ by an IDCT rounding but not by a colour-space shift
      double diff = 0;
      for (int i = 0; i < fromJava2d.length; i++) diff += Math.abs(fromJava2d[i] - img.pixels()[i]);
      assertThat(diff / fromJava2d.length).isLessThan(1.0);
    }
  }
}
