package io.fer4j.faces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.FerModels;
import io.fer4j.model.Sequential;
import io.fer4j.testing.Requirements;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A "group photo" made at test time from four real FER2013 faces (enlarged side by side on a gray
 * background): predict --faces finds each face, in its place, and labels it; --annotate draws them.
 */
class FacesInPhotosTest {
  @TempDir static Path tmp;
  static Path photo;
  static Path model;
  static final int TILE = 200;
  static final int GAP = 15;

  static BufferedImage enlarge(BufferedImage face) {
    BufferedImage big = new BufferedImage(TILE, TILE, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = big.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(face, 0, 0, TILE, TILE, null);
    g.dispose();
    return big;
  }

  @BeforeAll
  static void groupPhotoAndModel() throws Exception {
    Path train = Requirements.shared().resolve("data/fer2013/train");
    BufferedImage canvas = new BufferedImage(4 * (TILE + GAP) + GAP, TILE + 100, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = canvas.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
    try (FaceDetector d = new FaceDetector()) {
      int i = 0;
      for (String c : List.of("happy", "surprise", "neutral", "angry")) {
        File[] files = train.resolve(c).toFile().listFiles();
        Arrays.sort(files);
        for (File f : files) { // the first face of the class the detector finds on its own
          BufferedImage big = enlarge(ImageIO.read(f));
          if (d.detect(((DataBufferByte) big.getRaster().getDataBuffer()).getData(), TILE, TILE).size() == 1) {
            g.drawImage(big, GAP + i * (TILE + GAP), 50, null);
            break;
          }
        }
        i++;
      }
    }
    g.dispose();
    photo = tmp.resolve("group.png");
    ImageIO.write(canvas, "png", photo.toFile());
    model = tmp.resolve("model");
    try (Sequential m = FerModels.seed()) {
      m.setClassNames(FerModels.CLASSES);
      m.exportSavedModel(model);
    }
  }

  @Test
  void libraryFindsEveryFaceInItsPlace() throws Exception {
    try (FerPredictor p = FerPredictor.open(model.toString())) {
      List<FerPredictor.Face> faces = p.detect(ImageIO.read(photo.toFile()));
      assertThat(faces).hasSize(4);
      for (int i = 0; i < 4; i++) {
        FaceDetector.Box b = faces.get(i).box();
        int cx = b.x() + b.width() / 2;
        int cy = b.y() + b.height() / 2;
        int tileX = GAP + i * (TILE + GAP);
        assertThat(cx).isBetween(tileX, tileX + TILE);
        assertThat(cy).isBetween(50, 50 + TILE);
        assertThat(FerModels.CLASSES).contains(faces.get(i).label());
        double sum = 0;
        for (float v : faces.get(i).probabilities()) sum += v;
        assertThat(sum).isBetween(0.999, 1.001);
      }
      BufferedImage empty = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
      assertThat(p.detect(empty)).isEmpty();
    }
  }

  @Test
  void cliPrintsFacesAsJsonAndAnnotates() throws Exception {
    Path out = tmp.resolve("annotated.png");
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = io.fer4j.cli.Main.execute("predict", "--model", model.toString(), "--faces", "--json", "--annotate", out.toString(), photo.toString());
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    JsonNode j = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
    assertThat(j.get("image").asText()).isEqualTo(photo.toString());
    assertThat(j.get("faces")).hasSize(4);
    assertThat(j.get("faces").get(0).get("box")).hasSize(4);
    assertThat(j.get("faces").get(0).get("probabilities")).hasSize(7);
    BufferedImage annotated = ImageIO.read(out.toFile());
    assertThat(annotated.getWidth()).isEqualTo(ImageIO.read(photo.toFile()).getWidth());
  }

  @Test
  void benchFacesComposesHeldOutFacesAndCountsWhatTheDetectorFinds() throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = io.fer4j.cli.Main.execute("bench-faces", "--model", model.toString(), "--data",
          Requirements.shared().resolve("data/fer2013/train").toString(), "--photos", "3", "--per-photo", "4");
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out).contains("12 faces of the validation split in 3 photos");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("found (\\d+) of 12 .*false boxes (\\d+) of (\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    int found = Integer.parseInt(m.group(1));
    assertThat(found).as(out).isBetween(6, 12); // the cascade finds most enlarged FER2013 faces
    assertThat(Integer.parseInt(m.group(3))).isEqualTo(found + Integer.parseInt(m.group(2)));
    assertThat(out).containsPattern("labels right: [0-9.]+% of found faces through the detector, [0-9.]+% of the same faces given directly");
    assertThat(out).containsPattern("the found faces cut exactly where they were drawn and shrunk back to 48x48 \\(area averaging\\): [0-9.]+% right");
  }
}
