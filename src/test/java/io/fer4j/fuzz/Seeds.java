package io.fer4j.fuzz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small valid files for the fuzzer to mutate: images, a FER2013 CSV, zip helpers for .keras archives. */
final class Seeds {
  private Seeds() {}

  static byte[] image(String format, int w, int h, int type) throws IOException {
    BufferedImage im = new BufferedImage(w, h, type);
    Random r = new Random(w * 31L + h);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) im.setRGB(x, y, r.nextInt());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(im, format, out)) throw new IOException("no ImageIO writer for " + format);
    return out.toByteArray();
  }

  /** A FER2013 CSV with one row per usage (48x48 pixels each). */
  static byte[] csv() {
    StringBuilder b = new StringBuilder("emotion,pixels,Usage\n");
    Random r = new Random(1);
    String[] usages = {"Training", "PrivateTest"};
    for (int row = 0; row < usages.length; row++) {
      b.append(row % 7).append(',');
      for (int i = 0; i < 48 * 48; i++) b.append(i > 0 ? " " : "").append(r.nextInt(256));
      b.append(',').append(usages[row]).append('\n');
    }
    return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Recomputes the CRC-32 of every PNG chunk whose length still fits, so a mutation gets past
   * libpng's checksum to the decoder proper (AFL's PNG fix-up, by hand).
   */
  static byte[] fixPngCrcs(byte[] png) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
    int at = 8;
    while (at + 12 <= png.length) {
      long len = b.getInt(at) & 0xffffffffL;
      if (at + 12 + len > png.length) break;
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(png, at + 4, (int) len + 4);
      b.putInt(at + 8 + (int) len, (int) crc.getValue());
      at += 12 + (int) len;
    }
    return png;
  }

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
    }
    return entries;
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Zip-slip probes: a valid archive plus entries that point outside any extraction folder. */
  static List<byte[]> zipSlips(Map<String, byte[]> valid, String canary) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String name : List.of("../" + canary, "../../" + canary, "/tmp/" + canary, "assets/../../" + canary)) {
      Map<String, byte[]> m = new LinkedHashMap<>(valid);
      m.put(name, "escaped".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.add(zip(m));
    }
    return out;
  }
}
