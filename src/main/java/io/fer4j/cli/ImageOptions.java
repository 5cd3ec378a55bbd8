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

  @Option(names = "--tta", arity = "0..1", fallbackValue = "flip", defaultValue = "none", paramLabel = "MODE",
      description = "test-time augmentation, averaging probabilities over views: none, flip (the image and its mirror, centre crops for a model taking smaller images; bare --tta), "
          + "tencrop (ten crops — corners and centre, plain and mirrored — of images read at --tta-image-size, for models that take smaller images, e.g. 40x40) (default: ${DEFAULT-VALUE})")
  String tta;

  @Option(names = "--tta-image-size", defaultValue = "48", description = "with --tta flip or tencrop and a model taking smaller images than this: images are read at SxS and the model sees its crops (default: ${DEFAULT-VALUE}, FER2013's size)")
  int ttaImageSize;

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

  io.fer4j.Ensembles.Tta tta() { return io.fer4j.Ensembles.Tta.parse(tta); }

  /**
   * The (H, W, C) images are read at: the model's, or with --tta flip/tencrop at --tta-image-size
   * when the model takes smaller crops (it then sees centre and corner crops, as the in-graph
   * views of {@link io.fer4j.Ensembles}, instead of the whole face squeezed to its size).
   */
  long[] readShape(long[] model) {
    if (tta() != io.fer4j.Ensembles.Tta.NONE && model.length == 3 && model[0] < ttaImageSize && model[1] < ttaImageSize) {
      return new long[] {ttaImageSize, ttaImageSize, model[2]};
    }
    return model;
  }

  Interpolation interpolation() { return Interpolation.parse(interpolation); }

  static String shape(long[] s) { return Arrays.toString(s); }
}
