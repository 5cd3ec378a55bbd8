package io.fer4j.util;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A valid 8-bit gray PNG of all-zero pixels at any size: the decompression bomb the hostile-input
 * checks post (16000x16000 is about 250 KB of file and 256 MB of pixels). Made on the fly so no
 * attack file is shipped; the rows are streamed through the deflater, never held at once.
 */
public final class PngBomb {
  private PngBomb() {}

  public static byte[] gray(int width, int height) {
    try {
      ByteArrayOutputStream idat = new ByteArrayOutputStream();
      Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat, d, 1 << 16)) {
        byte[] row = new byte[width + 1]; // filter byte 0, then the pixels
        for (int y = 0; y < height; y++) z.write(row);
      } finally {
        d.end();
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(png);
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(ihdr);
      h.writeInt(width);
      h.writeInt(height);
      h.write(new byte[] {8, 0, 0, 0, 0}); // bit depth 8, gray, deflate, adaptive filter, no interlace
      chunk(out, "IHDR", ihdr.toByteArray());
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
