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
      classifier.detectMultiScale(img, found, 1.1, 5, 0, new Size(minSize, minSize), new Size());
      List<Box> boxes = new ArrayList<>();
      for (long i = 0; i < found.size(); i++) {
        Rect r = found.get(i);
        boxes.add(new Box(r.x(), r.y(), r.width(), r.height()));
      }
      boxes.sort((a, b) -> a.x() != b.x() ? Integer.compare(a.x(), b.x()) : Integer.compare(a.y(), b.y()));
      return boxes;
    }
  }

  @Override
  public void close() { classifier.close(); }
}
