package io.fer4j.callbacks;

import io.fer4j.Fer4jException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The float arrays of a training backup (weights, then optimizer slots) as length-prefixed
 * big-endian floats, with their byte count and CRC-32 recorded in state.json: a truncated or
 * altered file is refused before any value reaches the model, instead of resuming from garbage.
 */
final class BackupArrays {
  /** Byte count and CRC-32 of a written file. */
  record Digest(long bytes, long crc32) {}

  private BackupArrays() {}

  static Digest write(Path file, List<List<float[]>> groups) throws IOException {
    CRC32 crc = new CRC32();
    long bytes = 0;
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(Files.newOutputStream(file), crc), 1 << 20))) {
      for (List<float[]> list : groups) {
        for (float[] a : list) {
          out.writeInt(a.length);
          for (float v : a) out.writeFloat(v);
          bytes += 4 + 4L * a.length;
        }
      }
    }
    return new Digest(bytes, crc.getValue());
  }

  /**
   * Reads arrays whose lengths must be {@code sizes}; {@code expected} (null for backups written
   * before digests were recorded) is checked first. {@code dir} names the backup in messages.
   */
  static List<float[]> read(Path dir, Path file, List<Integer> sizes, Digest expected) {
    long need = 0;
    for (int n : sizes) need += 4 + 4L * n;
    long have;
    try {
      have = Files.size(file);
    } catch (IOException e) {
      throw new Fer4jException(dir + ": incomplete training backup (" + file.getFileName() + " missing); delete it to start over");
    }
    if (have != need) {
      throw new Fer4jException(dir + ": truncated or damaged training backup (" + file.getFileName() + " has " + have + " bytes, its state.json needs " + need + "); delete it to start over");
    }
    CRC32 crc = new CRC32();
    List<float[]> arrays = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new CheckedInputStream(Files.newInputStream(file), crc), 1 << 20))) {
      for (int i = 0; i < sizes.size(); i++) {
        int n = in.readInt();
        if (n != sizes.get(i)) throw new Fer4jException(dir + ": damaged training backup (array " + i + " of " + file.getFileName() + " has " + n + " values, state.json says " + sizes.get(i) + "); delete it to start over");
        float[] a = new float[n];
        for (int j = 0; j < n; j++) a[j] = in.readFloat();
        arrays.add(a);
      }
    } catch (EOFException e) {
      throw new Fer4jException(dir + ": truncated training backup (" + file.getFileName() + " ends early); delete it to start over");
    } catch (IOException e) {
      throw new Fer4jException(dir + ": unreadable training backup (" + e.getMessage() + "); delete it to start over");
    }
    if (expected != null && crc.getValue() != expected.crc32()) {
      throw new Fer4jException(dir + ": damaged training backup (" + file.getFileName() + " checksum differs from state.json); delete it to start over");
    }
    return arrays;
  }
}
