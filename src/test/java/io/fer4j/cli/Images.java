package io.fer4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes test images (PNG is lossless, so the pixels read back are exactly these). */
final class Images {
  private Images() {}

  static void writeGrayPng(Path file, byte[] px, int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, w, h, px);
    ImageIO.write(img, "png", file.toFile());
  }
}
