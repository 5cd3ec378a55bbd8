package io.fer4j.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import io.fer4j.layers.Layer;
import io.fer4j.layers.Weight;
import io.fer4j.model.Model;
import io.fer4j.util.AtomicDirectory;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a model (Sequential or Functional) as a Keras 3 {@code .keras} archive that Keras 3.3–3.15 load: metadata.json,
 * config.json ({@link KerasConfigWriter}) and model.weights.h5 with the root {@code vars} group
 * (Keras ≤ 3.5 needs it), {@code layers/<snake_class>[_n]/vars/0..k} for every layer of
 * {@code model.layers} (weightless ones too; a nested model's group holds its own layers) and, when compiled, {@code optimizer/vars}: int64 iterations, float32
 * learning_rate, then the optimizer's slots in Keras order. Entries are STORED as Keras writes them; the
 * file appears atomically (temporary sibling + rename).
 *
 * <p>HDF5 is written with jhdf 0.10.0's writer. It has one defect that matters here: on close
 * it appends its "jHDF - version" string at the channel position left by the <em>last dataset's
 * data</em>, not at the end of the file, so any group header written after that dataset (e.g.
 * an empty {@code vars} group of a weightless layer) is overwritten (h5py: "bad object header
 * version number"). Children are written in the hash order of jhdf's ConcurrentHashMap, so the
 * smallest fix is one extra 1-element dataset at the root whose name lands in the last hash
 * bucket: it is written last and the string lands after it. Keras only reads the paths it asks
 * for, so it ignores that dataset. The written file is then read back with jhdf and every
 * object checked, so a writer defect fails the save instead of producing a corrupt file. The
 * optional {@code name} attribute on {@code vars} groups is not written (Keras does not read it).
 */
public final class KerasSaver {
  static final String KERAS_VERSION = "3.3.3";

  private KerasSaver() {}

  public static void save(Model model, Path file) {
    model.build();
    byte[] config;
    byte[] weights;
    try {
      ObjectMapper om = new ObjectMapper();
      config = om.writeValueAsBytes(KerasConfigWriter.config(model));
      weights = weightsH5(model, file);
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
    String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss"));
    byte[] metadata = ("{\"keras_version\": \"" + KERAS_VERSION + "\", \"date_saved\": \"" + date + "\"}").getBytes(StandardCharsets.UTF_8);
    Path abs = file.toAbsolutePath().normalize();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      Files.createDirectories(abs.getParent());
      try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
        stored(zip, "metadata.json", metadata);
        stored(zip, "config.json", config);
        stored(zip, "model.weights.h5", weights);
      }
      AtomicDirectory.replace(tmp, abs);
    } catch (IOException e) {
      AtomicDirectory.deleteQuietly(tmp);
      throw new Fer4jException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  private static byte[] weightsH5(Model model, Path file) throws IOException {
    Path tmp = Files.createTempFile("fer4j-weights", ".h5");
    try {
      Map<Weight, float[]> values = new java.util.IdentityHashMap<>();
      List<float[]> flat = model.getWeights();
      List<Weight> all = model.weights();
      for (int i = 0; i < all.size(); i++) values.put(all.get(i), flat.get(i));
      try (WritableHdfFile h5 = HdfFile.write(tmp)) {
        h5.putGroup("vars"); // first: see the class comment
        writeLayers(h5.putGroup("layers"), model, values);
        if (model.isCompiled()) {
          WritableGroup opt = h5.putGroup("optimizer").putGroup("vars");
          opt.putDataset("0", Long.valueOf(model.iterations()));
          opt.putDataset("1", Float.valueOf(model.learningRate()));
          List<float[]> slots = model.optimizerSlots();
          List<long[]> shapes = model.optimizerSlotShapes();
          for (int i = 0; i < slots.size(); i++) opt.putDataset(Integer.toString(2 + i), shaped(slots.get(i), shapes.get(i)));
        }
        h5.putDataset(endMarkerName(h5.getChildren().keySet()), new byte[] {0});
      }
      byte[] bytes = Files.readAllBytes(tmp);
      verify(file, bytes);
      return bytes;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code layers/<snake_class>[_n]/vars/i} for each layer of a container, recursing into nested models. */
  private static void writeLayers(WritableGroup layers, Model model, Map<Weight, float[]> values) {
    Map<String, Integer> counts = new HashMap<>();
    for (Layer l : model.layers()) {
      String stem = Layer.snakeCase(l.className());
      int n = counts.merge(stem, 1, Integer::sum) - 1;
      WritableGroup g = layers.putGroup(n == 0 ? stem : stem + "_" + n);
      if (l instanceof Model sub) {
        writeLayers(g.putGroup("layers"), sub, values);
        g.putGroup("vars");
        continue;
      }
      WritableGroup vars = g.putGroup("vars");
      List<Weight> ws = l.weights();
      for (int i = 0; i < ws.size(); i++) vars.putDataset(Integer.toString(i), shaped(values.get(ws.get(i)), ws.get(i).shape()));
    }
  }

  /**
   * A root dataset name that java.util.concurrent.ConcurrentHashMap (jhdf's child map, 16
   * buckets for a handful of entries) iterates after {@code others}: same or later bucket,
   * inserted last.
   */
  static String endMarkerName(java.util.Collection<String> others) {
    int max = 0;
    for (String o : others) max = Math.max(max, bucket(o));
    for (int i = 0; ; i++) {
      String name = i == 0 ? "fer4j_end" : "fer4j_end_" + i;
      if (bucket(name) >= max) return name;
    }
  }

  private static int bucket(String key) {
    int h = key.hashCode();
    return ((h ^ (h >>> 16)) & 0x7fffffff) & 15;
  }

  /** Reads the weights file back and touches every object, failing on any unreadable one. */
  private static void verify(Path file, byte[] bytes) {
    try (HdfFile h = HdfFile.fromBytes(bytes)) {
      walk(h);
    } catch (RuntimeException e) {
      throw new Fer4jException(file + ": internal error, the HDF5 writer produced an unreadable model.weights.h5 (" + e.getMessage() + ")", e);
    }
  }

  private static void walk(io.jhdf.api.Group g) {
    for (io.jhdf.api.Node n : g.getChildren().values()) {
      if (n instanceof io.jhdf.api.Group c) walk(c);
      else if (n instanceof io.jhdf.api.Dataset d) d.getData();
    }
  }

  /** A flat row-major float array as the nested Java array jhdf writes with that shape. */
  static Object shaped(float[] flat, long[] shape) {
    if (shape.length == 0) return Float.valueOf(flat[0]);
    if (shape.length == 1) return flat.clone();
    int[] dims = new int[shape.length];
    for (int i = 0; i < dims.length; i++) dims[i] = Math.toIntExact(shape[i]);
    Object arr = Array.newInstance(float.class, dims);
    fill(arr, flat, 0, dims, 0);
    return arr;
  }

  private static int fill(Object arr, float[] flat, int pos, int[] dims, int depth) {
    if (depth == dims.length - 1) {
      System.arraycopy(flat, pos, arr, 0, dims[depth]);
      return pos + dims[depth];
    }
    for (int i = 0; i < dims[depth]; i++) pos = fill(Array.get(arr, i), flat, pos, dims, depth + 1);
    return pos;
  }
}
