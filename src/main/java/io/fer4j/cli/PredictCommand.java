package io.fer4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.data.ImageDecoder;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Classifies image files. Each image is decoded with TF's decoders, converted to the model's
 * channels, resized to its input, scaled and classified. A bad image prints one error line and
 * the command exits 1 after the others are done ({@code --on-error fail}: stops at it).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict the expression of face images.")
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", description = "SavedModel directory or Keras file (.keras, .h5, .hdf5 or any name: the content decides) (default: the pretrained FER2013 model on the classpath, io.fer4j:fer4j-fer2013-model)")
  String model;

  @Option(names = "--json", description = "one JSON object per line: {\"image\", \"label\", \"probabilities\"} for a softmax model, {\"image\", \"label\", \"outputs\"} (raw, e.g. logits) otherwise")
  boolean json;

  @Option(names = "--faces", description = "find the faces in each photo (OpenCV cascades, upright and turned ±20°) and classify each one")
  boolean faces;

  @Option(names = "--annotate", description = "with --faces: write the photo with boxes and labels to this PNG (OUT-N.png for several photos)")
  Path annotate;

  @Option(names = "--on-error", defaultValue = "skip", description = "a bad image file: skip (one error line, go on, exit 1 at the end) or fail (stop at it) (default: ${DEFAULT-VALUE})")
  String onError;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files (JPEG, PNG, BMP, GIF)")
  List<Path> images;

  @Mixin ImageOptions image;

  @Override
  public Integer call() throws Exception {
    String spec = model != null ? model : io.fer4j.FerModels.pretrainedPath().toString();
    if (annotate != null && !faces) throw new Fer4jException("--annotate needs --faces");
    boolean stopAtError = OnError.parse(onError) == OnError.FAIL;
    if (faces) return predictFaces(spec, stopAtError);
    ObjectMapper om = new ObjectMapper();
    int failures = 0;
    try (ImageModel m = Models.open(spec)) {
      long[] s = image.readShape(m.inputShape());
      io.fer4j.Ensembles.Tta tta = image.tta();
      List<String> classes = image.classes(m);
      float[] sc = image.scaling(m);
      if (s[2] != 1 && s[2] != 3) throw new Fer4jException(spec + ": model takes " + s[2] + "-channel images; only 1 (gray) or 3 (RGB) are supported");
      try (ImageDecoder dec = new ImageDecoder((int) s[2])) {
        for (Path p : images) {
          try {
            ImageDecoder.Image img = dec.read(p, (int) s[0], (int) s[1], image.interpolation());
            float[] x = img.pixels();
            for (int i = 0; i < x.length; i++) x[i] = x[i] * sc[0] + sc[1];
            float[] row = Predictions.predict(m, x, 1, (int) s[0], (int) s[1], (int) s[2], tta)[0];
            OutputKind kind = OutputKind.of(m, row);
            int best = 0;
            for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
            if (json) {
              ObjectNode o = om.createObjectNode();
              o.put("image", p.toString());
              o.put("label", classes.get(best));
              var arr = o.putArray(kind.field);
              for (float v : row) arr.add(v);
              System.out.println(o);
            } else {
              System.out.println(textLine(p, classes, row, best, kind));
            }
          } catch (Fer4jException e) {
            failures++;
            System.err.println("fer4j: error: " + e.getMessage());
            if (stopAtError) break;
          }
        }
      }
    }
    if (failures > 1) System.err.println("fer4j: " + failures + " of " + images.size() + " images failed");
    return failures == 0 ? 0 : 1;
  }

  private Integer predictFaces(String spec, boolean stopAtError) {
    ObjectMapper om = new ObjectMapper();
    int failures = 0;
    ImageModel m = Models.open(spec);
    try (io.fer4j.faces.FerPredictor fp = new io.fer4j.faces.FerPredictor(m, image.classes(m), image.scaling(m)[0], image.scaling(m)[1], image.interpolation())) {
      for (int i = 0; i < images.size(); i++) {
        Path p = images.get(i);
        try {
          java.awt.image.BufferedImage photo = readPhoto(p);
          List<io.fer4j.faces.FerPredictor.Face> found = fp.detect(photo);
          if (json) {
            ObjectNode o = om.createObjectNode();
            o.put("image", p.toString());
            var arr = o.putArray("faces");
            for (var f : found) {
              ObjectNode fo = arr.addObject();
              fo.putArray("box").add(f.box().x()).add(f.box().y()).add(f.box().width()).add(f.box().height());
              fo.put("label", f.label());
              var pr = fo.putArray(OutputKind.of(m, f.probabilities()).field);
              for (float v : f.probabilities()) pr.add(v);
            }
            System.out.println(o);
          } else {
            System.out.println(p + ": " + found.size() + " face(s)");
            for (var f : found) System.out.printf("  [%d, %d, %d, %d] %s%n", f.box().x(), f.box().y(), f.box().width(), f.box().height(), f.label());
          }
          if (annotate != null) {
            Path target = images.size() == 1 ? annotate : numbered(annotate, i + 1);
            if (target.toAbsolutePath().getParent() != null) java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
            javax.imageio.ImageIO.write(io.fer4j.faces.Annotator.draw(photo, found), "png", target.toFile());
          }
        } catch (Fer4jException e) {
          failures++;
          System.err.println("fer4j: error: " + e.getMessage());
          if (stopAtError) break;
        } catch (java.io.IOException e) {
          failures++;
          System.err.println("fer4j: error: " + annotate + ": cannot write (" + e.getMessage() + ")");
          if (stopAtError) break;
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** {@code img: label (0.873)  [a 0.01, ...]} for probabilities; raw outputs are labelled as such, never as probabilities. */
  static String textLine(Path p, List<String> classes, float[] row, int best, OutputKind kind) {
    StringBuilder sb = new StringBuilder(p + ": " + classes.get(best));
    sb.append(kind == OutputKind.PROBABILITIES ? String.format(Locale.ROOT, " (%.3f)  [", row[best]) : String.format(Locale.ROOT, " (output %.4g; raw outputs, not probabilities)  [", row[best]));
    for (int j = 0; j < row.length; j++) {
      sb.append(j == 0 ? "" : ", ").append(classes.get(j)).append(String.format(Locale.ROOT, kind == OutputKind.PROBABILITIES ? " %.3f" : " %.4g", row[j]));
    }
    return sb.append(']').toString();
  }

  private static Path numbered(Path p, int n) {
    String f = p.getFileName().toString();
    int dot = f.lastIndexOf('.');
    String name = dot > 0 ? f.substring(0, dot) + "-" + n + f.substring(dot) : f + "-" + n;
    return p.resolveSibling(name);
  }

  /** Reads a photo for face detection (the library's decoding, after the header check of every decoder). */
  private static java.awt.image.BufferedImage readPhoto(Path p) {
    if (!java.nio.file.Files.isRegularFile(p)) throw new Fer4jException(p + ": no such file");
    try {
      return io.fer4j.faces.Photos.decode(java.nio.file.Files.readAllBytes(p), p.toString());
    } catch (java.io.IOException e) {
      throw new Fer4jException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
