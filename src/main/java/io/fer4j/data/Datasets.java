package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a {@code --data} argument: {@code synthetic[:N]}, a FER2013 {@code .csv}, or an image
 * folder {@code DIR/<class>/*}.
 */
public final class Datasets {
  /** Samples in the default synthetic set (2,000 per class). */
  public static final int SYNTHETIC_DEFAULT = 14000;
  /** Synthetic evaluation draws from this offset, so it never repeats a training face. */
  public static final int SYNTHETIC_EVAL_OFFSET = 1_000_000;
  public static final long SYNTHETIC_SEED = 2024;

  private Datasets() {}

  /**
   * Images come at the model's input size and channels (synthetic and CSV faces, 48x48 gray, are
   * resized and replicated to RGB when the model takes that).
   *
   * @param forTraining picks the CSV rows (Training vs PrivateTest) and the synthetic stream
   */
  public static ImageData load(String spec, int height, int width, int channels, Interpolation interp, boolean forTraining) {
    return load(spec, height, width, channels, interp, forTraining, null);
  }

  /** As above; with {@code onBadFile}, unreadable files of an image folder are reported to it and skipped. */
  public static ImageData load(String spec, int height, int width, int channels, Interpolation interp, boolean forTraining,
      java.util.function.Consumer<String> onBadFile) {
    String s = spec.trim();
    if (s.toLowerCase(Locale.ROOT).startsWith("synthetic")) {
      int n = SYNTHETIC_DEFAULT;
      if (s.contains(":")) {
        try {
          n = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        } catch (NumberFormatException e) {
          throw new Fer4jException("--data " + spec + ": expected synthetic or synthetic:N");
        }
        if (n < 7) throw new Fer4jException("--data " + spec + ": at least 7 synthetic samples are needed");
      } else if (!forTraining) {
        n = 1400;
      }
      return Reformat.to(synthetic(SYNTHETIC_SEED, forTraining ? 0 : SYNTHETIC_EVAL_OFFSET, n), height, width, channels, interp);
    }
    Path p = Path.of(s);
    if (!Files.exists(p)) throw new Fer4jException(spec + ": no such file or directory");
    if (Files.isRegularFile(p) && s.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return Reformat.to(Fer2013Csv.load(p, forTraining ? List.of("Training") : List.of("PrivateTest")), height, width, channels, interp);
    }
    if (Files.isDirectory(p)) return ImageFolder.load(p, height, width, channels, interp, onBadFile);
    throw new Fer4jException(spec + ": expected an image folder DIR/<class>/*.jpg, a FER2013 .csv, or synthetic");
  }

  /** {@code count} synthetic faces starting at sample {@code start} of the seed's stream. */
  public static ImageData synthetic(long seed, int start, int count) {
    int per = SyntheticFaces.SIZE * SyntheticFaces.SIZE;
    byte[] px = new byte[count * per];
    int[] labels = new int[count];
    String[] sources = new String[count];
    java.util.stream.IntStream.range(0, count).parallel().forEach(i -> {
      System.arraycopy(SyntheticFaces.draw(seed, start + i), 0, px, i * per, per);
      labels[i] = SyntheticFaces.label(start + i);
      sources[i] = "synthetic#" + (start + i);
    });
    return new ImageData(px, SyntheticFaces.SIZE, SyntheticFaces.SIZE, 1, labels, SyntheticFaces.CLASSES, sources);
  }
}
