package io.fer4j.data;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Keras flow_from_directory for {@code DIR/<class>/*.{jpg,jpeg,png,bmp}}: classes are the
 * sub-folders sorted alphabetically, images are decoded (TF decoders) to the requested channels,
 * resized to the model input when needed, and kept as 8-bit pixels in memory.
 */
public final class ImageFolder {
  static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp");

  private ImageFolder() {}

  public static ImageData load(Path dir, int height, int width, int channels, Interpolation interp) {
    return load(dir, height, width, channels, interp, null);
  }

  /**
   * As {@link #load(Path, int, int, int, Interpolation)}; with {@code onBadFile} non-null, each
   * file that cannot be read or decoded is reported to it (one line naming the file, in file
   * order) and left out, instead of failing the load.
   */
  public static ImageData load(Path dir, int height, int width, int channels, Interpolation interp, Consumer<String> onBadFile) {
    if (!Files.exists(dir)) throw new Fer4jException(dir + ": no such directory");
    if (!Files.isDirectory(dir)) throw new Fer4jException(dir + ": not a directory of class folders");
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(dir)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new Fer4jException(dir + ": cannot list (" + e.getMessage() + ")");
    }
    if (classDirs.isEmpty()) throw new Fer4jException(dir + ": no class folders (expected DIR/<class>/*.jpg)");
    List<String> classes = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path cd : classDirs) {
      List<Path> imgs;
      try (Stream<Path> s = Files.list(cd)) {
        imgs = s.filter(p -> Files.isRegularFile(p) && isImageName(p)).sorted().toList();
      } catch (IOException e) {
        throw new Fer4jException(cd + ": cannot list (" + e.getMessage() + ")");
      }
      if (imgs.isEmpty()) throw new Fer4jException(cd + ": empty class folder (no .jpg/.jpeg/.png/.bmp images)");
      int label = classes.size();
      classes.add(cd.getFileName().toString());
      for (Path p : imgs) {
        files.add(p);
        labels.add(label);
      }
    }
    return decodeAll(files, labels, classes, height, width, channels, interp, onBadFile);
  }

  static boolean isImageName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  /**
   * Decodes files on all cores. Without {@code onBadFile} the first bad file (in file order among
   * those seen) fails the load and the other threads stop; with it, bad files are reported and dropped.
   */
  static ImageData decodeAll(List<Path> files, List<Integer> labels, List<String> classes, int height, int width, int channels,
      Interpolation interp, Consumer<String> onBadFile) {
    int n = files.size();
    int per = height * width * channels;
    byte[] pixels = new byte[n * per];
    String[] errors = new String[n];
    AtomicBoolean stop = new AtomicBoolean();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ImageDecoder dec = new ImageDecoder(channels)) {
      List<Future<?>> parts = new ArrayList<>();
      int chunk = (n + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * chunk;
        int to = Math.min(n, from + chunk);
        parts.add(pool.submit(() -> {
          for (int i = from; i < to && !stop.get(); i++) {
            try {
              byte[] b = dec.read(files.get(i), height, width, interp).toBytes();
              System.arraycopy(b, 0, pixels, i * per, per);
            } catch (Fer4jException e) {
              errors[i] = e.getMessage();
              if (onBadFile == null) stop.set(true);
            }
          }
        }));
      }
      for (Future<?> f : parts) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) throw re;
          throw new Fer4jException(e.getCause().toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Fer4jException("interrupted while decoding images");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<Integer> good = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (errors[i] == null) {
        good.add(i);
      } else if (onBadFile == null) {
        throw new Fer4jException(errors[i]);
      } else {
        onBadFile.accept(errors[i]);
      }
    }
    byte[] kept = good.size() == n ? pixels : new byte[good.size() * per];
    int[] lab = new int[good.size()];
    String[] sources = new String[good.size()];
    for (int k = 0; k < good.size(); k++) {
      int i = good.get(k);
      if (kept != pixels) System.arraycopy(pixels, i * per, kept, k * per, per);
      lab[k] = labels.get(i);
      sources[k] = files.get(i).toString();
    }
    if (good.isEmpty()) throw new Fer4jException("no decodable image among the " + n + " files of " + (n == 0 ? "the folder" : files.get(0).getParent().getParent()));
    return new ImageData(kept, height, width, channels, lab, classes, sources);
  }
}
