package io.fer4j.faces;

import io.fer4j.Fer4jException;
import io.fer4j.util.OptionalDependency;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds frontal faces in a grayscale image with OpenCV's Haar cascade
 * (haarcascade_frontalface_default, shipped inside the bytedeco OpenCV jar). Boxes come back
 * sorted left to right. Not thread-safe (OpenCV's classifier keeps scratch state): one per thread.
 */
public final class FaceDetector implements AutoCloseable {
  private static final String CASCADE = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
  private final CascadeClassifier classifier;
  private final int minSize;
  /**
   * Overlapping detections a face needs. Measured by {@code fer4j bench-faces} (the validation split's
   * first 200 faces, angry and disgust, in 50 photos): 5 (OpenCV's samples) found 77.5% with 4.3% false boxes, 3 found 84.5% with 4.5%,
   * 2 found 86.0% with 7.5%; scale factor 1.05 instead of 1.1 found more (87.5%) at 7.4% false.
   */
  static final int MIN_NEIGHBORS = 3;

  /** A face box in image pixels. */
  public record Box(int x, int y, int width, int height) {}

  public FaceDetector() { this(30); }

  /** @param minSize smallest face side in pixels to report */
  public FaceDetector(int minSize) {
    OptionalDependency.OPENCV.require();
    this.minSize = minSize;
    Path xml;
    try (InputStream in = FaceDetector.class.getResourceAsStream(CASCADE)) {
      if (in == null) throw OptionalDependency.OPENCV.missing(); // the cascade ships in the linux-x86_64 jar
      xml = Files.createTempFile("fer4j-haarcascade", ".xml");
      xml.toFile().deleteOnExit();
      Files.copy(in, xml, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new Fer4jException("cannot extract OpenCV's Haar cascade (" + e.getMessage() + ")");
    }
    try {
      classifier = new CascadeClassifier(xml.toString());
    } catch (UnsatisfiedLinkError e) { // Java classes without the natives (or without OpenBLAS')
      throw OptionalDependency.OPENCV.missing();
    }
    if (classifier.empty()) throw new Fer4jException("OpenCV could not load the Haar cascade " + xml);
  }

  /** Detects faces in 8-bit gray pixels (row-major, width x height). */
  public List<Box> detect(byte[] gray, int width, int height) {
    if (gray.length != width * height) throw new IllegalArgumentException("gray pixels do not match " + width + "x" + height);
    try (BytePointer data = new BytePointer(gray);
         Mat img = new Mat(height, width, opencv_core.CV_8UC1, data);
         RectVector found = new RectVector()) {
      classifier.detectMultiScale(img, found, 1.1, MIN_NEIGHBORS, 0, new Size(minSize, minSize), new Size());
      List<Box> boxes = new ArrayList<>();
      for (long i = 0; i < found.size(); i++) {
        Rect r = found.get(i);
        boxes.add(new Box(r.x(), r.y(), r.width(), r.height()));
      }
      boxes.sort((a, b) -> a.x() != b.x() ? Integer.compare(a.x(), b.x()) : Integer.compare(a.y(), b.y()));
      return boxes;
    }
  }

  /**
   * The region [x0, x1) x [y0, y1) of 8-bit gray pixels resized to outW x outH: area averaging when
   * it shrinks (a face box is often 3-5x the model's input; interpolating without it aliases), bilinear
   * when it grows. Returns the pixels 0-255 as floats, row-major.
   */
  public static float[] crop(byte[] gray, int width, int height, int x0, int y0, int x1, int y1, int outW, int outH) {
    if (gray.length != width * height) throw new IllegalArgumentException("gray pixels do not match " + width + "x" + height);
    try (BytePointer data = new BytePointer(gray);
         Mat img = new Mat(height, width, opencv_core.CV_8UC1, data);
         Rect roi = new Rect(x0, y0, x1 - x0, y1 - y0);
         Mat region = new Mat(img, roi);
         Mat out = new Mat()) {
      boolean shrink = outW < x1 - x0 || outH < y1 - y0;
      org.bytedeco.opencv.global.opencv_imgproc.resize(region, out, new Size(outW, outH), 0, 0,
          shrink ? org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA : org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR);
      byte[] px = new byte[outW * outH];
      out.data().get(px);
      float[] f = new float[px.length];
      for (int i = 0; i < px.length; i++) f[i] = px[i] & 0xFF;
      return f;
    }
  }

  @Override
  public void close() { classifier.close(); }
}
