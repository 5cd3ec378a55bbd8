package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Node;

/**
 * The format and declared size of encoded image bytes, read from the header by the JDK's
 * javax.imageio readers (getWidth/getHeight parse only the header: about 0.1 ms, no pixel
 * buffer), so a decompression bomb can be refused before TF's decoder allocates its pixels.
 * {@code declaredPixels} is what a decoder allocates: width x height, and for GIF the larger of
 * the logical screen and the sum of all frames (giflib reads every frame even when only the
 * first is returned). WebP and TIFF are named and refused: TF Java's decoders do not read them.
 */
public record ImageHeader(String format, int width, int height, int frames, long declaredPixels) {
  /** Formats TF's decode_image reads, by their magic bytes. */
  static String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) return "jpeg";
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "png";
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return "gif";
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') return "bmp";
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "webp";
    if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) return "tiff";
    return null;
  }

  /** Reads the header of {@code bytes}; {@code what} (a file name or "request") starts any error message. */
  public static ImageHeader read(byte[] bytes, String what) {
    if (bytes.length == 0) throw new Fer4jException(what + ": empty file, not an image");
    String format = sniff(bytes);
    if (format == null) throw new Fer4jException(what + ": not a decodable image (not JPEG, PNG, GIF or BMP data)");
    if (format.equals("webp") || format.equals("tiff")) {
      throw new Fer4jException(what + ": not a decodable image (" + format.toUpperCase() + " is not supported; use JPEG, PNG, GIF or BMP)");
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) throw new Fer4jException(what + ": no " + format + " header reader in this JVM");
    ImageReader r = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      r.setInput(in, false, true);
      int w = r.getWidth(0);
      int h = r.getHeight(0);
      int frames = 1;
      long pixels = (long) w * h;
      if (format.equals("gif")) {
        frames = r.getNumImages(true);
        long sum = 0;
        for (int i = 0; i < frames; i++) sum += (long) r.getWidth(i) * r.getHeight(i);
        long screen = gifScreen(r);
        pixels = Math.max(screen, sum);
      }
      if (w <= 0 || h <= 0) throw new Fer4jException(what + ": not a decodable image (" + format + " header declares " + w + "x" + h + ")");
      return new ImageHeader(format, w, h, frames, pixels);
    } catch (IOException | RuntimeException e) {
      if (e instanceof Fer4jException fe) throw fe;
      throw new Fer4jException(what + ": not a decodable image (bad " + format + " header: " + oneLine(e) + ")");
    } finally {
      r.dispose();
    }
  }

  /** The GIF logical screen's area (TF decodes frames onto a canvas of that size). */
  private static long gifScreen(ImageReader r) throws IOException {
    var meta = r.getStreamMetadata();
    if (meta == null) return 0;
    Node root = meta.getAsTree("javax_imageio_gif_stream_1.0");
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeName().equals("LogicalScreenDescriptor")) {
        var a = n.getAttributes();
        long w = Long.parseLong(a.getNamedItem("logicalScreenWidth").getNodeValue());
        long h = Long.parseLong(a.getNamedItem("logicalScreenHeight").getNodeValue());
        return w * h;
      }
    }
    return 0;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String l = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").trim();
    return l.length() > 120 ? l.substring(0, 120) + "..." : l;
  }
}
