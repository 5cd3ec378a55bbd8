package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.util.SplittableRandom;

/**
 * Random training-time augmentation with Keras ImageDataGenerator's meanings: horizontal flip,
 * rotation (degrees), width/height shift and zoom (fractions), brightness/contrast (fractions),
 * one affine warp with bilinear sampling and "nearest" fill; Keras RandomGaussianBlur's 3x3 blur
 * (faces cut from photos arrive resampled, a little soft); plus random erasing (a gray box, as in
 * Zhong et al.). Deterministic: the draw depends only on (seed, epoch, sample).
 */
public final class Augmentation {
  boolean flip;
  double rotation;
  double shift;
  double zoom;
  double brightness;
  double contrast;
  double erasing;
  double blur;

  /** No augmentation. */
  public static Augmentation none() { return new Augmentation(); }

  /** What fer4j's FER2013 recipe uses: flip, ±10° rotation, ±10% shift and zoom, ±10% brightness/contrast. */
  public static Augmentation standard() {
    return new Augmentation().horizontalFlip(true).rotation(10).shift(0.1).zoom(0.1).brightness(0.1).contrast(0.1);
  }

  /** Parses "flip,rotation=10,shift=0.1,zoom=0.1,brightness=0.1,contrast=0.1,blur=1,erasing=0.25", "standard" or "none". */
  public static Augmentation parse(String spec) {
    String s = spec.trim();
    if (s.equals("none")) return none();
    if (s.equals("standard")) return standard();
    Augmentation a = new Augmentation();
    for (String part : s.split(",")) {
      String[] kv = part.trim().split("=", 2);
      double v = 0;
      try {
        if (kv.length == 2) v = Double.parseDouble(kv[1]);
      } catch (NumberFormatException e) {
        throw new Fer4jException("--augment: '" + part + "' has no numeric value");
      }
      switch (kv[0]) {
        case "flip" -> a.flip = true;
        case "rotation" -> a.rotation = v;
        case "shift" -> a.shift = v;
        case "zoom" -> a.zoom = v;
        case "brightness" -> a.brightness = v;
        case "contrast" -> a.contrast = v;
        case "erasing" -> a.erasing = v;
        case "blur" -> a.blur(v);
        default -> throw new Fer4jException("--augment: unknown '" + kv[0] + "' (flip, rotation, shift, zoom, brightness, contrast, blur, erasing, standard, none)");
      }
    }
    return a;
  }

  public Augmentation horizontalFlip(boolean f) { flip = f; return this; }
  public Augmentation rotation(double degrees) { rotation = degrees; return this; }
  public Augmentation shift(double fraction) { shift = fraction; return this; }
  public Augmentation zoom(double fraction) { zoom = fraction; return this; }
  public Augmentation brightness(double fraction) { brightness = fraction; return this; }
  public Augmentation contrast(double fraction) { contrast = fraction; return this; }
  /** Probability of erasing a random box (2-20% of the image) with mid-gray. */
  public Augmentation erasing(double probability) { erasing = probability; return this; }
  /**
   * Keras {@code RandomGaussianBlur(factor=1.0, kernel_size=3, sigma=(0, maxSigma))}: half of the
   * images (Keras' apply probability is itself uniform in [0, 1]) get a 3x3 Gaussian blur with a
   * horizontal and a vertical sigma each uniform in [0, maxSigma], zero-padded as Keras' "SAME"
   * depthwise convolution. Keras draws the sigmas once per batch; here once per image.
   */
  public Augmentation blur(double maxSigma) {
    if (!(maxSigma >= 0)) throw new Fer4jException("--augment: blur must be a sigma >= 0, not " + maxSigma);
    blur = maxSigma;
    return this;
  }

  public boolean isIdentity() {
    return !flip && rotation == 0 && shift == 0 && zoom == 0 && brightness == 0 && contrast == 0 && erasing == 0 && blur == 0;
  }

  @Override
  public String toString() {
    return isIdentity() ? "none" : String.format(java.util.Locale.ROOT, "flip=%s rotation=%.0f shift=%.2f zoom=%.2f brightness=%.2f contrast=%.2f blur=%.2f erasing=%.2f",
        flip, rotation, shift, zoom, brightness, contrast, blur, erasing);
  }

  /** Transforms one (H, W, C) float image in place; values are model inputs (already scaled). */
  void apply(float[] img, int off, int h, int w, int c, SplittableRandom r, float gray) {
    boolean doFlip = flip && r.nextBoolean();
    double angle = rotation == 0 ? 0 : Math.toRadians(r.nextDouble(-rotation, rotation));
    double tx = shift == 0 ? 0 : r.nextDouble(-shift, shift) * w;
    double ty = shift == 0 ? 0 : r.nextDouble(-shift, shift) * h;
    double z = zoom == 0 ? 1 : r.nextDouble(1 - zoom, 1 + zoom);
    if (doFlip || angle != 0 || tx != 0 || ty != 0 || z != 1) warp(img, off, h, w, c, doFlip, angle, tx, ty, z);
    if (brightness != 0 || contrast != 0) {
      double b = brightness == 0 ? 0 : r.nextDouble(-brightness, brightness) * gray * 2;
      double k = contrast == 0 ? 1 : r.nextDouble(1 - contrast, 1 + contrast);
      double mean = 0;
      int n = h * w * c;
      for (int i = 0; i < n; i++) mean += img[off + i];
      mean /= n;
      for (int i = 0; i < n; i++) img[off + i] = (float) ((img[off + i] - mean) * k + mean + b);
    }
    if (blur > 0) {
      double p = r.nextDouble(); // Keras: blur_probability ~ U(factor) = U(0, 1), applied if U(0, 1) < it
      boolean apply = r.nextDouble() < p;
      double sx = r.nextDouble(0, blur) + 1e-6, sy = r.nextDouble(0, blur) + 1e-6;
      if (apply) gaussianBlur3x3(img, off, h, w, c, sx, sy);
    }
    if (erasing > 0 && r.nextDouble() < erasing) {
      double area = r.nextDouble(0.02, 0.2) * h * w;
      double aspect = Math.exp(r.nextDouble(Math.log(0.3), Math.log(3.3)));
      int eh = Math.max(1, Math.min(h, (int) Math.round(Math.sqrt(area * aspect))));
      int ew = Math.max(1, Math.min(w, (int) Math.round(Math.sqrt(area / aspect))));
      int y0 = r.nextInt(h - eh + 1);
      int x0 = r.nextInt(w - ew + 1);
      for (int y = y0; y < y0 + eh; y++) for (int x = x0; x < x0 + ew; x++) for (int ch = 0; ch < c; ch++) img[off + (y * w + x) * c + ch] = gray;
    }
  }

  /**
   * keras.ops.image.gaussian_blur with kernel_size (3, 3) and sigma (sx, sy): the outer product of
   * two normalized 3-tap Gaussians, zeros outside the image.
   */
  static void gaussianBlur3x3(float[] img, int off, int h, int w, int c, double sx, double sy) {
    double[] kx = taps(sx), ky = taps(sy);
    float[] src = java.util.Arrays.copyOfRange(img, off, off + h * w * c);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          double v = 0;
          for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= h) continue;
            for (int dx = -1; dx <= 1; dx++) {
              int xx = x + dx;
              if (xx >= 0 && xx < w) v += ky[dy + 1] * kx[dx + 1] * src[(yy * w + xx) * c + ch];
            }
          }
          img[off + (y * w + x) * c + ch] = (float) v;
        }
      }
    }
  }

  private static double[] taps(double sigma) {
    double side = Math.exp(-0.5 / (sigma * sigma));
    double sum = 1 + 2 * side;
    return new double[] {side / sum, 1 / sum, side / sum};
  }

  /** Inverse-maps each output pixel through flip, zoom, rotation and shift about the centre; bilinear, edge fill. */
  private static void warp(float[] img, int off, int h, int w, int c, boolean flip, double angle, double tx, double ty, double z) {
    float[] src = java.util.Arrays.copyOfRange(img, off, off + h * w * c);
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    double cos = Math.cos(angle) / z;
    double sin = Math.sin(angle) / z;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = x - cx - tx;
        double dy = y - cy - ty;
        double sx = cos * dx + sin * dy + cx;
        double sy = -sin * dx + cos * dy + cy;
        if (flip) sx = w - 1 - sx;
        sx = Math.max(0, Math.min(w - 1, sx));
        sy = Math.max(0, Math.min(h - 1, sy));
        int x0 = (int) sx;
        int y0 = (int) sy;
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int ch = 0; ch < c; ch++) {
          double v = (1 - fy) * ((1 - fx) * src[(y0 * w + x0) * c + ch] + fx * src[(y0 * w + x1) * c + ch])
              + fy * ((1 - fx) * src[(y1 * w + x0) * c + ch] + fx * src[(y1 * w + x1) * c + ch]);
          img[off + (y * w + x) * c + ch] = (float) v;
        }
      }
    }
  }
}
