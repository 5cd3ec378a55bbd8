package io.fer4j.faces;

import io.fer4j.FerModels;
import io.fer4j.Fer4jException;
import io.fer4j.data.ImageResizer;
import io.fer4j.data.Interpolation;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions of the faces in a photo, in one call: detect faces ({@link FaceDetector}), cut each
 * out upright as FER2013 frames its faces ({@link FaceCrop}, framing measured per {@link Cascade}),
 * shrink it to the model input with area averaging, classify.
 */
public final class FerPredictor implements AutoCloseable {
  private final ImageModel model;
  private final List<String> classes;
  private final float scale;
  private final float offset;
  private final FaceDetector detector = new FaceDetector();
  private final ImageResizer resizer = new ImageResizer();
  private final Interpolation interpolation;
  private final boolean ownsModel;

  /** One face: its box in the photo, the most likely expression and all probabilities. */
  public record Face(FaceDetector.Box box, String label, float[] probabilities) {}

  /** A predictor that owns {@code model}: {@link #close()} closes it. */
  public FerPredictor(ImageModel model, List<String> classes, float scale, float offset, Interpolation interpolation) {
    this(model, classes, scale, offset, interpolation, true);
  }

  /**
   * A predictor of its own (detector, resizer) on a model others share, e.g. one per Spark task on
   * the executor's one model: {@link #close()} leaves the model open.
   */
  public static FerPredictor sharing(ImageModel model, List<String> classes, float scale, float offset, Interpolation interpolation) {
    return new FerPredictor(model, classes, scale, offset, interpolation, false);
  }

  private FerPredictor(ImageModel model, List<String> classes, float scale, float offset, Interpolation interpolation, boolean ownsModel) {
    long[] s = model.inputShape();
    if (s[2] != 1) throw new Fer4jException(model.describe() + ": face expressions need a grayscale (1-channel) model, this one takes " + s[2]);
    this.model = model;
    this.classes = classes;
    this.scale = scale;
    this.offset = offset;
    this.interpolation = interpolation;
    this.ownsModel = ownsModel;
  }

  /** Any model path fer4j loads (a SavedModel, .keras, .h5), with its scaling and class names. */
  public static FerPredictor open(String modelPath) {
    return of(Models.open(modelPath));
  }

  /**
   * An open image model, e.g. {@code FerPredictor.of(FerModels.pretrained())}, with its own pixel
   * scaling (1/255 when it records none) and class names ({@link FerModels#CLASSES} when it records
   * none). The predictor owns the model: closing it closes the model, also when this call fails
   * (e.g. one line naming the OpenCV artifact when it is not on the classpath).
   */
  public static FerPredictor of(ImageModel m) {
    try {
      float[] sc = m.inputScaling();
      List<String> c = m.classes() != null ? m.classes() : FerModels.CLASSES;
      return new FerPredictor(m, c, sc == null ? 1f / 255f : sc[0], sc == null ? 0f : sc[1], Interpolation.BILINEAR);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Faces found in the photo, left to right, each classified. */
  public List<Face> detect(BufferedImage photo) {
    int w = photo.getWidth();
    int h = photo.getHeight();
    byte[] gray = Grayscale.of(photo);
    List<Face> faces = new ArrayList<>();
    long[] in = model.inputShape();
    for (FaceDetector.Box b : detector.detect(gray, w, h)) {
      int side = FaceCrop.side(b);
      float[] px = side > in[1] || side > in[0] // shrinking (the usual case): area averaging, no aliasing
          ? FaceCrop.shrunk(gray, w, h, b, (int) in[1], (int) in[0])
          : resizer.resize(FaceCrop.upright(gray, w, h, b), side, side, 1, (int) in[0], (int) in[1], interpolation);
      for (int i = 0; i < px.length; i++) px[i] = px[i] * scale + offset;
      float[] p = model.predict(px, 1)[0];
      int best = 0;
      for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      faces.add(new Face(b, classes.get(best), p));
    }
    return faces;
  }

  @Override
  public void close() {
    detector.close();
    resizer.close();
    if (ownsModel) model.close();
  }
}
