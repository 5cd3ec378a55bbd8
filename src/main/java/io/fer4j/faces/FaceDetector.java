package io.fer4j.faces;

import io.fer4j.Fer4jException;
import io.fer4j.util.OptionalDependency;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds faces in a grayscale image with OpenCV's cascades ({@link Cascade}: two Haar and one LBP
 * frontal cascade, the profile cascade on the photo and its mirror), on the photo upright and
 * turned by ±{@link #TILT} degrees, and keeps one box per face: of the turn most of its boxes were
 * found at, the largest — and the upright one whenever the upright passes found the face too (a
 * face cut out turned is labelled worse: on 400 faces, 61% right of those cut from a turned pass vs
 * 68% given directly; the turned passes are there for the faces the upright ones miss). Measured by
 * {@code fer4j bench-faces} on photos of held-out FER2013 faces (AMD EPYC; the sweep is in
 * BENCHMARKS.md): the default frontal cascade alone found 78.8% of 400 faces with 3.4% false
 * boxes; all cascades upright 87.0% with 2.2%; with the turned passes 91.0% with 3.2%, and (this
 * merge) 93.5% of 1,200 with 2.2%, at about 15 times the time. Boxes come back sorted left to
 * right. Not thread-safe (OpenCV's classifiers keep scratch state): one per thread.
 */
public final class FaceDetector implements AutoCloseable {
  /** Overlapping detections a face needs (5, OpenCV's samples, found 77.5%; 3 found 84.5%, 2 found 86.0% at 7.5% false). */
  static final int MIN_NEIGHBORS = 3;
  /** Degrees of the extra passes each way: tilted faces are the misses the upright passes leave most. */
  static final double TILT = 20;
  /** A box that shares this fraction of the smaller box with a larger one is the same face. */
  static final double SAME_FACE = 0.15;
  private final Map<Cascade, CascadeClassifier> classifiers = new EnumMap<>(Cascade.class);
  private final int minSize;

  /**
   * A face box in image pixels, axis-aligned around the face; {@code angle} is the turn (degrees,
   * counterclockwise as OpenCV) that makes the face upright, {@code cascade} the one that found it.
   */
  public record Box(int x, int y, int width, int height, double angle, Cascade cascade) {
    /** An upright box of the default frontal cascade. */
    public Box(int x, int y, int width, int height) { this(x, y, width, height, 0, Cascade.FRONTAL_DEFAULT); }
  }

  public FaceDetector() { this(30); }

  /** @param minSize smallest face side in pixels to report */
  public FaceDetector(int minSize) {
    OptionalDependency.OPENCV.require();
    this.minSize = minSize;
    Map<String, CascadeClassifier> loaded = new HashMap<>();
    try {
      for (Cascade c : Cascade.values()) classifiers.put(c, loaded.computeIfAbsent(c.resource, FaceDetector::load));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      loaded.values().forEach(CascadeClassifier::close);
      if (e instanceof UnsatisfiedLinkError) throw OptionalDependency.OPENCV.missing(); // Java classes without the natives
      throw (RuntimeException) e;
    }
  }

  private static CascadeClassifier load(String resource) {
    Path xml;
    try (InputStream in = FaceDetector.class.getResourceAsStream(resource)) {
      if (in == null) throw OptionalDependency.OPENCV.missing(); // the cascades ship in the linux-x86_64 jar
      xml = Files.createTempFile("fer4j-cascade", ".xml");
      xml.toFile().deleteOnExit();
      Files.copy(in, xml, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new Fer4jException("cannot extract OpenCV's cascade " + resource + " (" + e.getMessage() + ")");
    }
    CascadeClassifier c = new CascadeClassifier(xml.toString());
    if (c.empty()) throw new Fer4jException("OpenCV could not load its cascade " + resource);
    return c;
  }

  /** Detects faces in 8-bit gray pixels (row-major, width x height). */
  public List<Box> detect(byte[] gray, int width, int height) {
    if (gray.length != width * height) throw new IllegalArgumentException("gray pixels do not match " + width + "x" + height);
    List<Box> candidates = new ArrayList<>();
    try (BytePointer data = new BytePointer(gray); Mat img = new Mat(height, width, opencv_core.CV_8UC1, data)) {
      for (double angle : new double[] {0, -TILT, TILT}) {
        try (Mat turned = new Mat(); Mat mirror = new Mat()) {
          if (angle == 0) img.copyTo(turned);
          else try (Point2f centre = new Point2f(width / 2f, height / 2f); Mat m = opencv_imgproc.getRotationMatrix2D(centre, angle, 1.0)) {
            opencv_imgproc.warpAffine(img, turned, m, new Size(width, height), opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_REPLICATE, new Scalar());
          }
          opencv_core.flip(turned, mirror, 1);
          for (Cascade c : Cascade.values()) {
            try (RectVector found = new RectVector()) {
              classifiers.get(c).detectMultiScale(c.mirrored ? mirror : turned, found, 1.1, MIN_NEIGHBORS, 0, new Size(minSize, minSize), new Size());
              for (long i = 0; i < found.size(); i++) candidates.add(upright(found.get(i), c, angle, width, height));
            }
          }
        }
      }
    }
    return merge(candidates);
  }

  /** A box found on the turned (and maybe mirrored) photo, as a box around the same face in the photo. */
  private static Box upright(Rect r, Cascade c, double angle, int width, int height) {
    double side = r.width();
    double cx = (c.mirrored ? width - r.x() - side : r.x()) + side / 2, cy = r.y() + side / 2;
    double[] d = turnBack(cx - width / 2.0, cy - height / 2.0, angle); // the turn was about the photo's centre
    cx = d[0] + width / 2.0;
    cy = d[1] + height / 2.0;
    return new Box((int) Math.round(cx - side / 2), (int) Math.round(cy - side / 2), r.width(), r.height(), angle, c);
  }

  /**
   * A displacement (dx, dy) seen in a photo turned by {@code degrees} (OpenCV's getRotationMatrix2D,
   * counterclockwise on screen), as the same displacement in the photo before the turn.
   */
  static double[] turnBack(double dx, double dy, double degrees) {
    double t = Math.toRadians(degrees);
    return new double[] {Math.cos(t) * dx - Math.sin(t) * dy, Math.sin(t) * dx + Math.cos(t) * dy};
  }

  /**
   * Boxes found at the same turn as more of their overlapping boxes first, then the largest; a box
   * sharing {@link #SAME_FACE} of the smaller one with a kept box is dropped. A kept box from a
   * turned pass gives way to an upright box of the same face when the upright passes found it too
   * (cut out turned, a face the upright cascades see is labelled worse: the turned passes are for
   * the faces they miss).
   */
  static List<Box> merge(List<Box> candidates) {
    Map<Box, Integer> votes = new HashMap<>();
    for (Box b : candidates) votes.put(b, (int) candidates.stream().filter(c -> c.angle() == b.angle() && sameFace(b, c)).count());
    List<Box> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingInt((Box b) -> votes.get(b)).reversed()
        .thenComparing(Comparator.comparingLong((Box b) -> (long) b.width() * b.height()).reversed()));
    List<Box> kept = new ArrayList<>();
    for (Box b : sorted) if (kept.stream().noneMatch(k -> sameFace(b, k))) kept.add(b);
    return kept.stream().map(k -> upright(k, sorted)).distinct().sorted(Comparator.comparingInt(Box::x).thenComparingInt(Box::y)).toList();
  }

  /**
   * The face of a turned box {@code k} as the upright pass found it, when it did: of the upright
   * boxes whose centres lie in each other, the first in {@code sorted} (most votes, then largest).
   */
  private static Box upright(Box k, List<Box> sorted) {
    if (k.angle() == 0) return k;
    return sorted.stream().filter(b -> b.angle() == 0 && contains(k, b) && contains(b, k)).findFirst().orElse(k);
  }

  /** Whether b's centre lies in a. */
  private static boolean contains(Box a, Box b) {
    double cx = b.x() + b.width() / 2.0, cy = b.y() + b.height() / 2.0;
    return cx >= a.x() && cx <= a.x() + a.width() && cy >= a.y() && cy <= a.y() + a.height();
  }

  private static boolean sameFace(Box a, Box b) {
    long ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
    long iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
    return ix * iy >= SAME_FACE * Math.min((long) a.width() * a.height(), (long) b.width() * b.height());
  }

  @Override
  public void close() { classifiers.values().stream().distinct().forEach(CascadeClassifier::close); }
}
