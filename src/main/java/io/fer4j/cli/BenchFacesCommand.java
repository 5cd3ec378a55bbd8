package io.fer4j.cli;

import io.fer4j.Fer4jException;
import io.fer4j.data.Datasets;
import io.fer4j.data.ImageData;
import io.fer4j.data.Interpolation;
import io.fer4j.data.ValidationSplit;
import io.fer4j.faces.Cascade;
import io.fer4j.faces.FaceDetector;
import io.fer4j.faces.FerPredictor;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fer4j bench-faces}: how much of a model's accuracy {@code predict --faces} keeps on photos.
 * Composes photos from faces the model never trained on (the validation split), each face
 * enlarged to a random size at a random place on a random gray background, then compares the
 * detector's boxes with where the faces are (found: a box whose centre lies in the face and whose
 * side is half to twice the face's; false: any other box) and the labels of found faces with the
 * same faces classified directly. Prints, per cascade, how FER2013 frames a face relative to its
 * upright boxes: the numbers {@link io.fer4j.faces.Cascade} keeps.
 */
@Command(name = "bench-faces", mixinStandardHelpOptions = true,
    description = "Compose photos of held-out faces and measure predict --faces: faces found, false boxes, labels right vs the same faces given directly.")
final class BenchFacesCommand implements Callable<Integer> {
  @Option(names = "--model", description = "model (default: the pretrained FER2013 model)")
  String model;

  @Option(names = "--data", required = true, description = "DIR/<class>/*.jpg the model was trained on")
  String data;

  @Option(names = "--validation-split", defaultValue = "0.1", description = "as train (default: ${DEFAULT-VALUE})")
  double validationSplit;

  @Option(names = "--seed", defaultValue = "1337", description = "split seed, as train (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--photos", defaultValue = "50", description = "photos to compose (default: ${DEFAULT-VALUE})")
  int photos;

  @Option(names = "--per-photo", defaultValue = "4", description = "faces per photo (default: ${DEFAULT-VALUE})")
  int perPhoto;

  @Mixin ImageOptions image = new ImageOptions();

  @Override
  public Integer call() {
    if (photos < 1 || perPhoto < 1 || perPhoto > 9) throw new Fer4jException("--photos must be >= 1 and --per-photo 1..9");
    ImageData all = Datasets.load(data, 48, 48, 1, Interpolation.BILINEAR, false);
    ImageData held = ValidationSplit.split(all, validationSplit, seed)[1];
    Random r = new Random(seed);
    int[] order = new int[held.size()]; // the split is in class order: shuffle so photos mix classes
    for (int i = 0; i < order.length; i++) order[i] = i;
    for (int i = order.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    ImageData val = held.subset(order);
    int n = Math.min(val.size(), photos * perPhoto);
    ImageModel m = Models.open(model != null ? model : io.fer4j.FerModels.pretrainedPath().toString());
    List<String> classes = image.classes(m);
    float[] sc = image.scaling(m);
    // per cascade, over its upright boxes: count, face side / box side, face left and top offsets in box sides
    Map<Cascade, double[]> framing = new EnumMap<>(Cascade.class);
    // over found upright faces: the framed square's side / the face's, its centre's offsets in face sides (sums, squares)
    double[] miss = new double[7];
    int[] turned = new int[3]; // found faces cut from a turned pass: count, labels right, right directly
    int found = 0, falseBoxes = 0, boxes = 0, rightFound = 0, rightDirectFound = 0, rightDirect = 0, rightExactFound = 0;
    try (FerPredictor fp = new FerPredictor(m, classes, sc[0], sc[1], image.interpolation())) {
      long[] in = m.inputShape();
      for (int p = 0, face = 0; face < n; p++) {
        int k = Math.min(perPhoto, n - face);
        int cols = (int) Math.ceil(Math.sqrt(k)), rows = (k + cols - 1) / cols, cell = 280;
        BufferedImage photo = new BufferedImage(cols * cell, rows * cell, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = photo.createGraphics();
        int bg = 60 + r.nextInt(140);
        g.setColor(new Color(bg, bg, bg));
        g.fillRect(0, 0, photo.getWidth(), photo.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int[][] truth = new int[k][];
        for (int j = 0; j < k; j++) {
          int size = 120 + r.nextInt(141);
          int x = (j % cols) * cell + r.nextInt(cell - size + 1), y = (j / cols) * cell + r.nextInt(cell - size + 1);
          g.drawImage(gray48(val.pixels(face + j)), x, y, size, size, null);
          truth[j] = new int[] {x, y, size};
        }
        g.dispose();
        // each face classified directly (48x48 → the model's input, as predict does)
        boolean[] directRight = new boolean[k];
        for (int j = 0; j < k; j++) {
          float[] px = new float[48 * 48];
          byte[] b = val.pixels(face + j);
          for (int q = 0; q < px.length; q++) px[q] = (b[q] & 0xFF) * sc[0] + sc[1];
          if (in[0] != 48 || in[1] != 48) throw new Fer4jException(m.describe() + ": bench-faces needs a 48x48 model (ensembles of cropped members take 48x48)");
          directRight[j] = argmax(m.predict(px, 1)[0]) == val.label(face + j);
          if (directRight[j]) rightDirect++;
        }
        boolean[] matched = new boolean[k];
        for (FerPredictor.Face f : fp.detect(photo)) {
          boxes++;
          FaceDetector.Box b = f.box();
          int hit = -1;
          for (int j = 0; j < k && hit < 0; j++) {
            int[] t = truth[j];
            double cx = b.x() + b.width() / 2.0, cy = b.y() + b.height() / 2.0;
            double area = (double) b.width() * b.height(), tArea = (double) t[2] * t[2];
            if (!matched[j] && cx >= t[0] && cx <= t[0] + t[2] && cy >= t[1] && cy <= t[1] + t[2] && area >= 0.25 * tArea && area <= 4 * tArea) hit = j;
          }
          if (hit < 0) {
            falseBoxes++;
            continue;
          }
          matched[hit] = true;
          found++;
          int[] t = truth[hit];
          if (b.angle() == 0) {
            double[] fr = framing.computeIfAbsent(b.cascade(), c -> new double[7]);
            fr[0]++;
            fr[1] += (double) t[2] / b.width();
            fr[2] += (double) (t[0] - b.x()) / b.width();
            fr[3] += (double) (t[1] - b.y()) / b.height();
            Cascade c = b.cascade();
            double logRatio = Math.log(c.side * b.width() / t[2]); // the framed square's side vs the face's
            double dx = (b.x() + (c.left + c.side / 2) * b.width() - t[0] - t[2] / 2.0) / t[2];
            double dy = (b.y() + (c.top + c.side / 2) * b.width() - t[1] - t[2] / 2.0) / t[2];
            fr[4] += logRatio;
            fr[5] += logRatio * logRatio;
            fr[6] += dx * dx + dy * dy;
            miss[0]++;
            miss[1] += logRatio;
            miss[2] += logRatio * logRatio;
            miss[3] += dx;
            miss[4] += dx * dx;
            miss[5] += dy;
            miss[6] += dy * dy;
          }
          boolean right = f.label().equals(val.classes().get(val.label(face + hit)));
          if (right) rightFound++;
          if (directRight[hit]) rightDirectFound++;
          if (b.angle() != 0) {
            turned[0]++;
            if (right) turned[1]++;
            if (directRight[hit]) turned[2]++;
          }
          if (argmax(m.predict(exactCut(photo, t, sc), 1)[0]) == val.label(face + hit)) rightExactFound++;
        }
        face += k;
      }
    }
    System.out.printf(Locale.ROOT, "bench-faces: %d faces of the validation split in %d photos (%d per photo, 120-260 px)%n", n, (n + perPhoto - 1) / perPhoto, perPhoto);
    System.out.printf(Locale.ROOT, "found %d of %d (%.1f%%), false boxes %d of %d (%.1f%%)%n", found, n, 100.0 * found / n, falseBoxes, boxes, boxes == 0 ? 0 : 100.0 * falseBoxes / boxes);
    System.out.printf(Locale.ROOT, "labels right: %.1f%% of found faces through the detector, %.1f%% of the same faces given directly, %.1f%% of all %d faces given directly%n",
        found == 0 ? 0 : 100.0 * rightFound / found, found == 0 ? 0 : 100.0 * rightDirectFound / found, 100.0 * rightDirect / n, n);
    System.out.printf(Locale.ROOT, "the found faces cut exactly where they were drawn and shrunk back to 48x48 (area averaging): %.1f%% right (the photo's resampling alone, no detector)%n",
        found == 0 ? 0 : 100.0 * rightExactFound / found);
    if (turned[0] > 0) System.out.printf(Locale.ROOT, "of them %d from a turned pass: %.1f%% right through the detector, %.1f%% given directly%n",
        turned[0], 100.0 * turned[1] / turned[0], 100.0 * turned[2] / turned[0]);
    if (miss[0] > 0) System.out.printf(Locale.ROOT, "the framed square vs where the face was drawn (%d upright faces): side ratio x%.3f (sd of log %.3f), centre off by %+.3f (sd %.3f) across and %+.3f (sd %.3f) down, in face sides%n",
        (int) miss[0], Math.exp(miss[1] / miss[0]), sd(miss[1], miss[2], miss[0]), miss[3] / miss[0], sd(miss[3], miss[4], miss[0]), miss[5] / miss[0], sd(miss[5], miss[6], miss[0]));
    framing.forEach((c, fr) -> System.out.printf(Locale.ROOT, "framing of %s (%d upright boxes): a dataset face is %.3f boxes wide, its left edge %+.3f and top %+.3f box sides from the box's; framed side sd of log %.3f, centre rms %.3f%n",
        c, (int) fr[0], fr[1] / fr[0], fr[2] / fr[0], fr[3] / fr[0], sd(fr[4], fr[5], fr[0]), Math.sqrt(fr[6] / fr[0])));
    return 0;
  }

  /**
   * The square where a face was drawn, shrunk back to 48x48 with OpenCV's area averaging (as
   * predict --faces shrinks a crop), scaled as the model wants.
   */
  private static float[] exactCut(BufferedImage photo, int[] t, float[] sc) {
    byte[] sq = new byte[t[2] * t[2]];
    photo.getRaster().getDataElements(t[0], t[1], t[2], t[2], sq);
    byte[] small = new byte[48 * 48];
    try (BytePointer data = new BytePointer(sq);
        Mat img = new Mat(t[2], t[2], opencv_core.CV_8UC1, data);
        Mat out = new Mat()) {
      opencv_imgproc.resize(img, out, new Size(48, 48), 0, 0, opencv_imgproc.INTER_AREA);
      out.data().get(small);
    }
    float[] px = new float[48 * 48];
    for (int i = 0; i < px.length; i++) px[i] = (small[i] & 0xFF) * sc[0] + sc[1];
    return px;
  }

  private static double sd(double sum, double squares, double n) {
    return Math.sqrt(Math.max(0, squares / n - (sum / n) * (sum / n)));
  }

  private static BufferedImage gray48(byte[] px) {
    BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, 48, 48, px);
    return img;
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
    return best;
  }
}
