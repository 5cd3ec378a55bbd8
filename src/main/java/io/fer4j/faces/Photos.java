package io.fer4j.faces;

import io.fer4j.Fer4jException;
import io.fer4j.data.DecodeBudget;
import io.fer4j.data.ImageHeader;
import io.fer4j.data.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Photos for face detection, decoded whole (Java2D) after the header checks every decoder makes
 * (pixel limits, the shared decode budget), so `predict --faces` and Spark's face scoring read the
 * same bytes into the same pixels and refuse the same hostile files in one line.
 */
public final class Photos {
  private Photos() {}

  /** The photo in {@code bytes}; {@code what} names it in errors (a path, a row). */
  public static BufferedImage decode(byte[] bytes, String what) {
    ImageHeader h = ImageLimits.check(bytes, what);
    BufferedImage img = DecodeBudget.shared().run(h.declaredPixels() * 8, () -> {
      try {
        return ImageIO.read(new ByteArrayInputStream(bytes));
      } catch (IOException | RuntimeException e) { // Java2D readers throw unchecked exceptions on some malformed files
        throw new Fer4jException(what + ": not a decodable image (" + e.getMessage() + ")");
      }
    });
    if (img == null) throw new Fer4jException(what + ": not a decodable image (JPEG, PNG, BMP, GIF)");
    return img;
  }
}
