package io.fer4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import io.fer4j.data.ImageDecoder;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Classifies image files. Each image is decoded with TF's decoders, converted to the model's
 * channels, resized to its input, scaled and classified. A bad image prints one error line and
 * the command exits 1 after the others are done.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict the expression of face images.")
final class PredictCommand implements Callable<Integer> {
  static final Path DEFAULT_MODEL = Path.of("savedmodels", "fer", "1");

  @Option(names = "--model", description = "SavedModel directory, .keras or .h5 file (default: the shipped savedmodels/fer/1)")
  String model;

  @Option(names = "--json", description = "one JSON object per line: {\"image\", \"label\", \"probabilities\"}")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files (JPEG, PNG, BMP, GIF)")
  List<Path> images;

  @Mixin ImageOptions image;

  @Override
  public Integer call() throws Exception {
    String spec = model;
    if (spec == null) {
      Path root = Path.of(System.getProperty("fer4j.home", "."));
      Path def = root.resolve(DEFAULT_MODEL);
      if (!Files.isDirectory(def)) throw new Fer4jException("no --model given and no shipped model at " + def);
      spec = def.toString();
    }
    ObjectMapper om = new ObjectMapper();
    int failures = 0;
    try (ImageModel m = Models.open(spec)) {
      long[] s = m.inputShape();
      List<String> classes = image.classes(m);
      float[] sc = image.scaling(m);
      if (s[2] != 1 && s[2] != 3) throw new Fer4jException(spec + ": model takes " + s[2] + "-channel images; only 1 (gray) or 3 (RGB) are supported");
      try (ImageDecoder dec = new ImageDecoder((int) s[2])) {
        for (Path p : images) {
          try {
            ImageDecoder.Image img = dec.read(p, (int) s[0], (int) s[1], image.interpolation());
            float[] x = img.pixels();
            for (int i = 0; i < x.length; i++) x[i] = x[i] * sc[0] + sc[1];
            float[] probs = Predictions.predict(m, x, 1, (int) s[0], (int) s[1], (int) s[2], image.tta)[0];
            int best = 0;
            for (int j = 1; j < probs.length; j++) if (probs[j] > probs[best]) best = j;
            if (json) {
              ObjectNode o = om.createObjectNode();
              o.put("image", p.toString());
              o.put("label", classes.get(best));
              var arr = o.putArray("probabilities");
              for (float v : probs) arr.add(v);
              System.out.println(o);
            } else {
              StringBuilder sb = new StringBuilder(p + ": " + classes.get(best) + String.format(" (%.3f)", probs[best]) + "  [");
              for (int j = 0; j < probs.length; j++) sb.append(j == 0 ? "" : ", ").append(classes.get(j)).append(String.format(" %.3f", probs[j]));
              System.out.println(sb.append(']'));
            }
          } catch (Fer4jException e) {
            failures++;
            System.err.println("fer4j: error: " + e.getMessage());
          }
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
