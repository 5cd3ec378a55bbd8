package io.fer4j.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.testing.Requirements;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The tilted passes find a turned face and its crop comes back upright; overlapping boxes are one face. */
class FaceDetectorTest {
  static final int SIDE = 400, FACE = 220;

  /** A real FER2013 face, enlarged and turned by {@code degrees} (clockwise on screen) on a gray photo. */
  static byte[] photo(BufferedImage face, double degrees) {
    BufferedImage p = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = p.createGraphics();
    g.setColor(new Color(120, 120, 120));
    g.fillRect(0, 0, SIDE, SIDE);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.rotate(Math.toRadians(degrees), SIDE / 2.0, SIDE / 2.0);
    g.drawImage(face, (SIDE - FACE) / 2, (SIDE - FACE) / 2, FACE, FACE, null);
    g.dispose();
    return ((DataBufferByte) p.getRaster().getDataBuffer()).getData();
  }

  static double correlation(float[] a, float[] b) {
    double ma = 0, mb = 0;
    for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
    ma /= a.length;
    mb /= b.length;
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / Math.sqrt(aa * bb);
  }

  @Test
  void aTurnedFaceIsFoundByATiltedPassAndCutOutUpright() throws Exception {
    File[] files = Requirements.shared().resolve("data/fer2013/train/happy").toFile().listFiles();
    Arrays.sort(files);
    int checked = 0;
    try (FaceDetector d = new FaceDetector()) {
      for (int i = 0; i < 40 && checked < 3; i++) {
        BufferedImage face = ImageIO.read(files[i]);
        byte[] turned = photo(face, 20); // screen-clockwise: OpenCV's counterclockwise turn of 20 makes it upright
        List<FaceDetector.Box> boxes = d.detect(turned, SIDE, SIDE);
        if (boxes.size() != 1 || boxes.get(0).angle() == 0) continue;
        FaceDetector.Box b = boxes.get(0);
        assertThat(b.angle()).isEqualTo(FaceDetector.TILT);
        assertThat(b.x() + b.width() / 2).isBetween(SIDE / 2 - FACE / 4, SIDE / 2 + FACE / 4);
        byte[] upright = photo(face, 0); // the same face not turned, cut out by the same box
        float[] deskewed = FaceCrop.shrunk(turned, SIDE, SIDE, b, 48, 48);
        float[] reference = FaceCrop.shrunk(upright, SIDE, SIDE, new FaceDetector.Box(b.x(), b.y(), b.width(), b.height(), 0, b.cascade()), 48, 48);
        float[] asFound = FaceCrop.shrunk(turned, SIDE, SIDE, new FaceDetector.Box(b.x(), b.y(), b.width(), b.height(), 0, b.cascade()), 48, 48);
        double fixed = correlation(deskewed, reference), left = correlation(asFound, reference);
        assertThat(fixed).as(files[i].getName() + " " + b + ": deskewed vs left turned " + left).isGreaterThan(0.8).isGreaterThan(left + 0.1);
        checked++;
      }
    }
    assertThat(checked).as("turned faces the tilted passes found among the first 40 happy faces").isGreaterThanOrEqualTo(1);
  }

  @Test
  void overlappingBoxesAreOneFaceTheLargestKept() {
    FaceDetector.Box big = new FaceDetector.Box(100, 100, 200, 200);
    FaceDetector.Box inside = new FaceDetector.Box(150, 150, 60, 60, FaceDetector.TILT, Cascade.PROFILE);
    FaceDetector.Box apart = new FaceDetector.Box(320, 100, 150, 150, 0, Cascade.FRONTAL_ALT2);
    FaceDetector.Box grazing = new FaceDetector.Box(290, 290, 100, 100, 0, Cascade.LBP_FRONTAL_IMPROVED); // 10x10 shared: 1% of it
    assertThat(FaceDetector.merge(List.of(inside, apart, big, grazing))).containsExactly(big, grazing, apart);
  }

  @Test
  void aFaceKeepsTheTurnMostOfItsBoxesWereFoundAtAndItsUprightBoxWhenThereIsOne() {
    // an upright face: three upright boxes, and a larger box from a turned pass
    FaceDetector.Box turned = new FaceDetector.Box(90, 90, 230, 230, FaceDetector.TILT, Cascade.FRONTAL_DEFAULT);
    FaceDetector.Box frontal = new FaceDetector.Box(100, 100, 200, 200);
    FaceDetector.Box alt2 = new FaceDetector.Box(105, 102, 196, 196, 0, Cascade.FRONTAL_ALT2);
    FaceDetector.Box lbp = new FaceDetector.Box(95, 96, 180, 180, 0, Cascade.LBP_FRONTAL_IMPROVED);
    assertThat(FaceDetector.merge(List.of(turned, lbp, alt2, frontal))).containsExactly(frontal);
    // two boxes at a turn beat one upright box, which is then cut out: the upright passes found the face
    FaceDetector.Box turned2 = new FaceDetector.Box(98, 98, 190, 190, FaceDetector.TILT, Cascade.FRONTAL_ALT2);
    assertThat(FaceDetector.merge(List.of(frontal, turned, turned2))).containsExactly(frontal);
    // a face only the turned passes found stays turned; an upright box off its centre is another face's
    FaceDetector.Box offCentre = new FaceDetector.Box(230, 230, 120, 120);
    assertThat(FaceDetector.merge(List.of(turned, turned2))).containsExactly(turned);
    assertThat(FaceDetector.merge(List.of(turned, turned2, offCentre))).containsExactly(turned);
  }
}
