package io.fer4j.faces;

/**
 * The OpenCV cascades {@link FaceDetector} runs (all shipped inside the bytedeco OpenCV jar), each
 * with how FER2013 frames a face relative to that cascade's box: a dataset face is {@code side}
 * boxes wide, its left edge {@code left} and its top {@code top} box sides from the box's. The
 * framing is measured per cascade by {@code fer4j bench-faces} on upright boxes (photos composed of
 * validation faces), because each cascade was trained on its own crop of a face. {@code mirrored}
 * runs the cascade on the mirrored photo (OpenCV's profile cascade knows one side of a face only).
 */
public enum Cascade {
  FRONTAL_DEFAULT("haarcascades/haarcascade_frontalface_default.xml", false, 1.036, -0.025, -0.014),
  FRONTAL_ALT2("haarcascades/haarcascade_frontalface_alt2.xml", false, 1.028, -0.034, -0.003),
  LBP_FRONTAL_IMPROVED("lbpcascades/lbpcascade_frontalface_improved.xml", false, 1.373, -0.121, -0.155),
  PROFILE("haarcascades/haarcascade_profileface.xml", false, 0.938, -0.065, 0.057),
  PROFILE_MIRRORED("haarcascades/haarcascade_profileface.xml", true, 1.006, 0.090, 0.015);

  /** Where the bytedeco OpenCV jar (linux-x86_64) keeps OpenCV's cascades. */
  static final String ROOT = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/";
  final String resource;
  final boolean mirrored;
  /** FER2013's framing relative to this cascade's box, in box sides. */
  public final double side, left, top;

  Cascade(String resource, boolean mirrored, double side, double left, double top) {
    this.resource = ROOT + resource;
    this.mirrored = mirrored;
    this.side = side;
    this.left = left;
    this.top = top;
  }
}
