package io.fer4j.faces;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A detected face cut out as FER2013 frames its faces: the square its {@link Cascade}'s measured
 * framing gives around the box, turned upright when a tilted pass found it (a model trained on
 * upright faces labels a tilted one worse), edges past the photo repeated rather than the square
 * squeezed. Shrinks with area averaging (a face box is often 3-5x the model's input; interpolating
 * without it aliases).
 */
final class FaceCrop {
  private FaceCrop() {}

  /**
   * The framed, upright face of box {@code b} in 8-bit gray pixels (row-major, width x height):
   * {@link #side} x {@link #side} gray pixels 0-255 as floats.
   */
  static float[] upright(byte[] gray, int width, int height, FaceDetector.Box b) {
    return cut(gray, width, height, b, 0, 0);
  }

  /** As {@link #upright} but shrunk to outW x outH with area averaging. */
  static float[] shrunk(byte[] gray, int width, int height, FaceDetector.Box b, int outW, int outH) {
    return cut(gray, width, height, b, outW, outH);
  }

  /** The framed square's side in photo pixels. */
  static int side(FaceDetector.Box b) { return Math.max(1, (int) Math.round(b.cascade().side * b.width())); }

  private static float[] cut(byte[] gray, int width, int height, FaceDetector.Box b, int outW, int outH) {
    Cascade c = b.cascade();
    double s = b.width();
    int side = side(b);
    // the framed square's centre relative to the box's, in the upright face's frame, then in the photo's
    double dx = (c.left + c.side / 2 - 0.5) * s, dy = (c.top + c.side / 2 - 0.5) * s;
    double[] d = FaceDetector.turnBack(dx, dy, b.angle());
    // on whole pixels, so that an upright face inside the photo is copied, not resampled
    double cx = Math.round(b.x() + s / 2 + d[0] - side / 2.0) + side / 2.0;
    double cy = Math.round(b.y() + s / 2 + d[1] - side / 2.0) + side / 2.0;
    try (BytePointer data = new BytePointer(gray);
         Mat img = new Mat(height, width, opencv_core.CV_8UC1, data);
         Point2f centre = new Point2f((float) cx, (float) cy);
         Mat m = opencv_imgproc.getRotationMatrix2D(centre, b.angle(), 1.0);
         Mat face = new Mat();
         Mat small = new Mat()) {
      m.ptr(0, 2).putDouble(m.ptr(0, 2).getDouble() + side / 2.0 - cx); // the centre lands on the patch's
      m.ptr(1, 2).putDouble(m.ptr(1, 2).getDouble() + side / 2.0 - cy);
      opencv_imgproc.warpAffine(img, face, m, new Size(side, side), opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_REPLICATE, new Scalar());
      Mat result = face;
      int n = side * side;
      if (outW > 0) {
        opencv_imgproc.resize(face, small, new Size(outW, outH), 0, 0, opencv_imgproc.INTER_AREA);
        result = small;
        n = outW * outH;
      }
      byte[] px = new byte[n];
      result.data().get(px);
      float[] f = new float[px.length];
      for (int i = 0; i < px.length; i++) f[i] = px[i] & 0xFF;
      return f;
    }
  }
}
