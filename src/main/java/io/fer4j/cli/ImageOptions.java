package io.fer4j.cli;

import io.fer4j.FerModels;
import io.fer4j.Fer4jException;
import io.fer4j.data.Interpolation;
import io.fer4j.predict.ImageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How images become model inputs for any model: pixel * scale + offset, the output class names
 * and the resize filter. Flags win; then the model's own metadata (fer4j exports); then defaults
 * (1/255, 0; the alphabetical FER classes for 7 outputs).
 */
final class ImageOptions {
  @Option(names = "--scale", description = "input = pixel * scale + offset (default: model metadata, else 1/255)")
  Double scale;

  @Option(names = "--offset", description = "see --scale (default: model metadata, else 0)")
  Double offset;

  @Option(names = "--classes", split = ",", description = "output class names in output order (default: model metadata, else ${FER_CLASSES})")
  List<String> classes;

  @Option(names = "--tta", description = "test-time augmentation: average each image's prediction with its mirror image's")
  boolean tta;

  @Option(names = "--interpolation", defaultValue = "bilinear", description = "resize filter when an image is not the model's size: nearest, bilinear, bicubic (default: ${DEFAULT-VALUE})")
  String interpolation;

  static {
    System.setProperty("FER_CLASSES", String.join(",", FerModels.CLASSES));
  }

  float[] scaling(ImageModel m) {
    float[] meta = m.inputScaling();
    float s = scale != null ? scale.floatValue() : meta != null ? meta[0] : 1f / 255f;
    float o = offset != null ? offset.floatValue() : meta != null ? meta[1] : 0f;
    return new float[] {s, o};
  }

  List<String> classes(ImageModel m) {
    List<String> c = classes != null ? classes : m.classes();
    if (c == null) {
      if (m.numOutputs() == FerModels.CLASSES.size()) {
        c = FerModels.CLASSES;
      } else {
        c = new ArrayList<>();
        for (int i = 0; i < m.numOutputs(); i++) c.add("class_" + i);
      }
    }
    if (c.size() != m.numOutputs()) {
      throw new Fer4jException("--classes names " + c.size() + " classes but the model has " + m.numOutputs() + " outputs");
    }
    return c;
  }

  Interpolation interpolation() { return Interpolation.parse(interpolation); }

  static String shape(long[] s) { return Arrays.toString(s); }
}
