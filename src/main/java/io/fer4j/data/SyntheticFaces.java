package io.fer4j.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Built-in synthetic facial-expression dataset: 48x48 grayscale cartoon faces in the seven FER2013
 * classes, so that {@code fer4j train} works out of the box without downloading FER2013.
 *
 * <p>Each expression is defined only by the shapes of the mouth, brows and eyes (happy: smile arc;
 * sad: frown and inner-raised brows; angry: brows slanted down to the centre, narrow eyes, tight
 * flat mouth; disgust: narrowed eyes, wavy asymmetric raised lip, nose wrinkles; fear: wide eyes,
 * raised straight brows, stretched open mouth; surprise: very wide round eyes, high arched brows,
 * tall "O" mouth; neutral: straight mouth). Everything else is nuisance variation: pose (rotation
 * ±8°, shift ±2 px, scale 0.92–1.08), face/background gray levels, stroke widths, feature
 * jitter, brightness, contrast, a linear light gradient and gaussian pixel noise.
 *
 * <p>Deterministic: {@link #draw(long, int)} is a pure function of {@code (seed, index)} and is
 * safe to call from several threads at once.
 */
public final class SyntheticFaces {
  /** Image side in pixels. */
  public static final int SIZE = 48;

  /** Class names in FER2013 alphabetical order; {@code CLASSES.get(label(i))} names sample i. */
  public static final List<String> CLASSES =
      List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");

  private static final int ANGRY = 0, DISGUST = 1, FEAR = 2, HAPPY = 3, NEUTRAL = 4, SAD = 5,
      SURPRISE = 6;

  /**
   * Per class, ranges (lo, hi) of: eye opening height; brow height above the eye at its inner end
   * and at its outer end; brow arch (all in pixels of the canonical 48x48 frame).
   */
  private static final double[][] FEATURES = {
      {1.4, 2.2, 1.8, 2.8, 5.5, 7.0, 0.0, 0.0}, // angry: narrow eyes, brows down to the centre
      {1.6, 2.6, 3.0, 4.0, 4.0, 5.0, -0.5, 0.5}, // disgust: narrowed eyes, lowered brows
      {5.5, 6.5, 7.5, 9.0, 6.0, 7.0, 0.0, 0.0}, // fear: wide eyes, raised straight brows
      {2.8, 3.8, 5.0, 6.0, 5.0, 6.0, 0.8, 1.6}, // happy
      {3.8, 4.6, 5.0, 6.0, 5.0, 6.0, 0.0, 0.8}, // neutral
      {3.0, 4.0, 7.0, 8.5, 3.5, 4.5, -0.3, 0.3}, // sad: inner brow ends raised
      {6.5, 8.0, 7.0, 8.0, 6.5, 7.5, 2.0, 3.0}, // surprise: very wide eyes, high arched brows
  };

  private SyntheticFaces() {}

  /** Class of sample {@code index}: the stream cycles through the seven classes. */
  public static int label(int index) {
    return index % 7;
  }

  /**
   * Draws sample number {@code index} of the stream defined by {@code seed}: the class is
   * {@code index % 7}, the image depends only on (seed, index). Returns SIZE*SIZE unsigned gray
   * bytes, row-major.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static byte[] draw(long seed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
    SplittableRandom r = new SplittableRandom(mix(seed, index));
    int cls = label(index);

    // Gray levels: the face stays light enough for dark features; the background differs from it.
    int face = r.nextInt(100, 236);
    int bg;
    do {
      bg = r.nextInt(0, 256);
    } while (Math.abs(bg - face) < 35);
    int ink = Math.max(0, face - r.nextInt(100, 150));
    int white = Math.min(255, face + r.nextInt(25, 60));

    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(gray(bg));
      g.fillRect(0, 0, SIZE, SIZE);

      // Pose: rotate/scale about the image centre, then shift.
      double c = SIZE / 2.0;
      AffineTransform pose = new AffineTransform();
      pose.translate(c + u(r, -2, 2), c + u(r, -2, 2));
      pose.rotate(Math.toRadians(u(r, -8, 8)));
      double s = u(r, 0.92, 1.08);
      pose.scale(s, s);
      pose.translate(-c, -c);
      g.transform(pose);

      double fw = u(r, 32, 37), fh = u(r, 38, 43);
      g.setColor(gray(face));
      g.fill(new Ellipse2D.Double(c - fw / 2, 25 - fh / 2, fw, fh));

      drawFeatures(g, r, cls, ink, white);
    } finally {
      g.dispose();
    }

    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    relight(px, r);
    return px;
  }

  /** Eyes, brows, nose and mouth in the canonical (pre-pose) 48x48 frame; face centre x = 24. */
  private static void drawFeatures(Graphics2D g, SplittableRandom r, int cls, int ink, int white) {
    double cx = 24 + u(r, -0.7, 0.7);
    double eyeY = 20.5 + u(r, -1, 1);
    double eyeDx = u(r, 6.8, 8.2);
    double eyeW = u(r, 5.8, 7.2);
    float lw = (float) u(r, 1.4, 2.0); // base stroke width

    double[] range = FEATURES[cls];
    double eyeH = u(r, range[0], range[1]), inner = u(r, range[2], range[3]);
    double outer = u(r, range[4], range[5]), arch = u(r, range[6], range[7]);
    if (cls == SURPRISE) {
      eyeW = Math.max(eyeW, eyeH - 0.5); // round
    }

    g.setStroke(new BasicStroke((float) Math.max(1.3, lw * 1.25), BasicStroke.CAP_ROUND,
        BasicStroke.JOIN_ROUND));
    for (int side = -1; side <= 1; side += 2) {
      double ex = cx + side * eyeDx + u(r, -0.3, 0.3);
      double ey = eyeY + u(r, -0.3, 0.3);
      // Eye: light sclera, dark outline, dark pupil.
      Shape eye = new Ellipse2D.Double(ex - eyeW / 2, ey - eyeH / 2, eyeW, eyeH);
      g.setColor(gray(white));
      g.fill(eye);
      g.setColor(gray(ink));
      g.setStroke(new BasicStroke(lw * 0.8f));
      g.draw(eye);
      double p = Math.min(eyeW, eyeH) * (eyeH > 5 ? 0.45 : 0.75);
      g.fill(new Ellipse2D.Double(ex - p / 2, ey - p / 2, p, p));

      // Brow: from inner end (near the nose) to outer end.
      g.setStroke(new BasicStroke(lw * (cls == ANGRY ? 1.6f : 1.25f), BasicStroke.CAP_ROUND,
          BasicStroke.JOIN_ROUND));
      double bIn = inner + u(r, -0.4, 0.4), bOut = outer + u(r, -0.4, 0.4);
      if (cls == DISGUST && side == 1) {
        bIn -= 0.8; // one brow pulled lower
      }
      double x1 = cx + side * u(r, 2.5, 3.5), y1 = ey - bIn;
      double x2 = cx + side * (eyeDx + eyeW / 2 + u(r, 0.5, 1.5)), y2 = ey - bOut;
      g.draw(new QuadCurve2D.Double(x1, y1, (x1 + x2) / 2, (y1 + y2) / 2 - 2 * arch, x2, y2));
    }

    // Nose: a short bridge line and a small base.
    double noseY = eyeY + u(r, 8.5, 10);
    g.setStroke(new BasicStroke(lw * 0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new QuadCurve2D.Double(cx - 2.5, noseY, cx, noseY + 1.5, cx + 2.5, noseY));
    if (cls == DISGUST) { // wrinkles either side of the nose bridge
      for (int side = -1; side <= 1; side += 2) {
        for (int k = 0; k < 2; k++) {
          double y = eyeY + 3 + 1.8 * k;
          g.draw(new Line2D.Double(cx + side * 1.5, y, cx + side * 4.0, y + 1.2));
        }
      }
    }

    double my = eyeY + u(r, 14.5, 16);
    double mw = u(r, 11, 16);
    double a = cx - mw / 2, b = cx + mw / 2;
    BasicStroke mouthStroke = new BasicStroke(lw * 1.3f, BasicStroke.CAP_ROUND,
        BasicStroke.JOIN_ROUND);
    g.setStroke(mouthStroke);
    g.setColor(gray(ink));
    switch (cls) {
      case HAPPY: {
        double sag = u(r, 5, 8);
        double wa = a - 1.5, wb = b + 1.5;
        if (r.nextBoolean()) { // open smile with teeth
          Path2D m = new Path2D.Double();
          m.moveTo(wa, my - 2);
          m.quadTo(cx, my + 1, wb, my - 2);
          m.quadTo(cx, my + 2 * sag - 2, wa, my - 2);
          g.fill(m);
          g.setColor(gray(white));
          Path2D t = new Path2D.Double();
          t.moveTo(wa + 2, my - 1.2);
          t.quadTo(cx, my + 1.5, wb - 2, my - 1.2);
          t.quadTo(cx, my + 3.5, wa + 2, my - 1.2);
          g.fill(t);
        } else {
          g.draw(new QuadCurve2D.Double(wa, my - 2, cx, my - 2 + 2 * sag, wb, my - 2));
        }
        break;
      }
      case SAD: {
        double lift = u(r, 4, 6.5);
        g.draw(new QuadCurve2D.Double(a, my + 2, cx, my + 2 - 2 * lift, b, my + 2));
        break;
      }
      case ANGRY: {
        double w = mw * 0.7;
        g.setStroke(new BasicStroke(lw * 1.9f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        Path2D m = new Path2D.Double();
        m.moveTo(cx - w / 2, my + 1);
        m.lineTo(cx - w / 2 + 1.2, my);
        m.lineTo(cx + w / 2 - 1.2, my);
        m.lineTo(cx + w / 2, my + 1);
        g.draw(m);
        break;
      }
      case DISGUST: {
        int f = r.nextBoolean() ? 1 : -1; // which corner is raised
        double lift = u(r, 3, 4.5);
        g.draw(new CubicCurve2D.Double(cx - f * mw / 2, my + 1.5,
            cx - f * mw / 6, my - 3, cx + f * mw / 6, my + 3.5,
            cx + f * mw / 2, my + 1.5 - lift));
        break;
      }
      case FEAR: {
        double w = mw + u(r, 1, 3), h = u(r, 3.5, 5);
        Path2D m = new Path2D.Double();
        m.moveTo(cx - w / 2, my + 1.5);
        m.quadTo(cx, my - h * 0.7, cx + w / 2, my + 1.5);
        m.quadTo(cx, my + 1.5 + h, cx - w / 2, my + 1.5);
        g.fill(m);
        g.setColor(gray(white));
        g.setStroke(new BasicStroke(0.9f));
        g.draw(new Line2D.Double(cx - w / 3, my, cx + w / 3, my));
        break;
      }
      case SURPRISE: {
        double w = u(r, 7, 9.5), h = u(r, 9.5, 12);
        g.fill(new Ellipse2D.Double(cx - w / 2, my + 1.5 - h / 2, w, h));
        break;
      }
      default: // neutral
        g.setStroke(new BasicStroke(lw * 1.1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(a, my + 1, b, my + 1 + u(r, -0.4, 0.4)));
        break;
    }
  }

  /** Applies contrast, brightness, a linear light gradient and gaussian noise in place. */
  private static void relight(byte[] px, SplittableRandom r) {
    double contrast = u(r, 0.85, 1.15);
    double bright = u(r, -20, 20);
    double dir = u(r, 0, 2 * Math.PI);
    double slope = u(r, 0, 0.8); // gray levels per pixel
    double gx = slope * Math.cos(dir), gy = slope * Math.sin(dir);
    double sigma = u(r, 1, 5);
    double c = (SIZE - 1) / 2.0;
    for (int y = 0, i = 0; y < SIZE; y++) {
      double row = 128 + bright + gy * (y - c);
      for (int x = 0; x < SIZE; x++, i++) {
        double v = ((px[i] & 0xff) - 128) * contrast + row + gx * (x - c)
            + sigma * r.nextGaussian();
        px[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
      }
    }
  }

  private static Color gray(int v) {
    return new Color(v, v, v);
  }

  private static double u(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** SplitMix64-style finaliser of (seed, index): nearby seeds/indices give unrelated streams. */
  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
