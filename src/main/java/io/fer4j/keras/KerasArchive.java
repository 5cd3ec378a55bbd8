package io.fer4j.keras;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The members of a {@code .keras} zip, read into memory (nothing is ever extracted to disk, so
 * member names cannot escape anywhere). Refused with a one-line error: unreadable or truncated
 * zips, names that are absolute or contain {@code ..}, duplicate names, and members whose
 * inflated size exceeds the per-member or total cap or the size the zip declares (zip bombs).
 */
final class KerasArchive {
  /** Total inflated bytes read from one archive. */
  static final long TOTAL_CAP = 2L << 30;
  /** One member: a Java array, and Keras' own zip-bomb limit is 4 GiB. */
  static final long MEMBER_CAP = Integer.MAX_VALUE - 64;

  private final Map<String, byte[]> members = new HashMap<>();

  private KerasArchive() {}

  static KerasArchive read(Path file) {
    KerasArchive a = new KerasArchive();
    long total = 0;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":") || name.indexOf('\0') >= 0) {
          throw new Fer4jException(file + ": refusing zip member with unsafe name '" + name.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        if (e.isDirectory()) continue;
        if (!wanted(name)) continue; // assets of other object types: never read
        if (a.members.containsKey(name)) throw new Fer4jException(file + ": duplicate zip member '" + name + "'");
        long declared = e.getSize();
        if (declared > MEMBER_CAP || declared > TOTAL_CAP - total) throw new Fer4jException(file + ": zip member '" + name + "' declares " + declared + " bytes, over the limit");
        byte[] data = readCapped(file, zip, e, declared < 0 ? Math.min(MEMBER_CAP, TOTAL_CAP - total) : declared);
        total += data.length;
        a.members.put(name, data);
      }
    } catch (ZipException ex) {
      throw new Fer4jException(file + ": not a readable zip archive (" + ex.getMessage() + ")", ex);
    } catch (IOException ex) {
      throw new Fer4jException(file + ": cannot read (" + ex.getMessage() + ")", ex);
    }
    return a;
  }

  private static boolean wanted(String name) {
    return name.equals("config.json") || name.equals("metadata.json") || name.equals("model.weights.h5") || name.equals("model.weights.npz");
  }

  /** Reads a member, failing as soon as it inflates past {@code limit} bytes. */
  private static byte[] readCapped(Path file, ZipFile zip, ZipEntry e, long limit) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      byte[] buf = new byte[(int) Math.min(limit + 1, 1 << 20)];
      int len = 0;
      while (true) {
        if (len == buf.length) {
          if (len > limit) throw new Fer4jException(file + ": zip member '" + e.getName() + "' inflates beyond its declared size " + limit + " (zip bomb?)");
          buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, limit + 1));
        }
        int r = in.read(buf, len, buf.length - len);
        if (r < 0) break;
        len += r;
        if (len > limit) throw new Fer4jException(file + ": zip member '" + e.getName() + "' inflates beyond its declared size " + limit + " (zip bomb?)");
      }
      if (e.getSize() >= 0 && len != e.getSize()) throw new Fer4jException(file + ": zip member '" + e.getName() + "' is truncated (" + len + " of " + e.getSize() + " bytes)");
      return java.util.Arrays.copyOf(buf, len);
    } catch (ZipException ex) {
      throw new Fer4jException(file + ": zip member '" + e.getName() + "' is corrupt (" + ex.getMessage() + ")", ex);
    } catch (java.io.EOFException ex) {
      throw new Fer4jException(file + ": zip member '" + e.getName() + "' is truncated", ex);
    }
  }

  byte[] member(String name) { return members.get(name); }
}
