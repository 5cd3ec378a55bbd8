package io.fer4j.faces;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws face boxes and their expression labels onto a copy of a photo. */
public final class Annotator {
  private Annotator() {}

  public static BufferedImage draw(BufferedImage photo, List<FerPredictor.Face> faces) {
    BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(photo, 0, 0, null);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    int stroke = Math.max(2, Math.min(photo.getWidth(), photo.getHeight()) / 200);
    g.setStroke(new BasicStroke(stroke));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, stroke * 7)));
    for (FerPredictor.Face f : faces) {
      FaceDetector.Box b = f.box();
      g.setColor(new Color(0, 220, 90));
      g.drawRect(b.x(), b.y(), b.width(), b.height());
      float p = 0;
      for (float v : f.probabilities()) p = Math.max(p, v);
      String text = String.format("%s %.0f%%", f.label(), 100 * p);
      int tw = g.getFontMetrics().stringWidth(text);
      int th = g.getFontMetrics().getHeight();
      int ty = Math.max(th, b.y() - stroke);
      g.fillRect(b.x(), ty - th + 3, tw + 6, th);
      g.setColor(Color.BLACK);
      g.drawString(text, b.x() + 3, ty);
    }
    g.dispose();
    return out;
  }
}
