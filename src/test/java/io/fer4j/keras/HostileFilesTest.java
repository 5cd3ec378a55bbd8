package io.fer4j.keras;

import io.fer4j.saving.ModelFiles;
import io.fer4j.model.Model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fer4j.Fer4jException;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and malicious files are refused quickly with one line naming the file and the problem. */
class HostileFilesTest {
  @TempDir Path dir;
  Map<String, byte[]> good;

  static Sequential model(int filters) {
    Sequential m = new Sequential("sequential", new InputLayer(6, 6, 1));
    m.add(new Conv2D(filters, 3));
    m.add(new Flatten());
    m.add(new Dense(2, "softmax"));
    return m;
  }

  @BeforeEach
  void writeGood() throws IOException {
    Path f = dir.resolve("good.keras");
    try (Sequential m = model(3)) {
      m.save(f);
    }
    good = members(f);
  }

  static Map<String, byte[]> members(Path zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (ZipEntry e : java.util.Collections.list(z.entries())) out.put(e.getName(), z.getInputStream(e).readAllBytes());
    }
    return out;
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream zos = new ZipOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zos.putNextEntry(new ZipEntry(e.getKey()));
        zos.write(e.getValue());
        zos.closeEntry();
      }
    }
    return bos.toByteArray();
  }

  Fer4jException refused(String name, byte[] content, String... expected) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, content);
    long t0 = System.nanoTime();
    Fer4jException e = catchThrowableOfType(Fer4jException.class, () -> ModelFiles.load(f).close());
    double s = (System.nanoTime() - t0) / 1e9;
    assertThat(e).as(name + " must be refused").isNotNull();
    System.out.printf("%-22s %.2fs  %s%n", name, s, e.getMessage());
    assertThat(s).as("seconds to refuse " + name).isLessThan(5);
    assertThat(e.getMessage()).doesNotContain("\n").contains(f.toString()).contains(expected);
    return e;
  }

  Map<String, byte[]> with(String member, byte[] data) {
    Map<String, byte[]> m = new LinkedHashMap<>(good);
    m.put(member, data);
    return m;
  }

  @Test
  void goodFileLoads() throws IOException {
    Path f = dir.resolve("again.keras");
    Files.write(f, zip(good)); // re-zipped with DEFLATE: still loads
    try (Model m = ModelFiles.load(f)) {
      assertThat(m.countParams()).isEqualTo(3 * 9 + 3 + 48 * 2 + 2);
    }
  }

  @Test
  void unzippedDirectoryLoadsAndSavedModelDirectoryIsRefused() throws IOException {
    Path d = dir.resolve("unzipped");
    Files.createDirectories(d);
    for (Map.Entry<String, byte[]> e : good.entrySet()) Files.write(d.resolve(e.getKey()), e.getValue());
    try (Model m = ModelFiles.load(d); Model g = ModelFiles.load(dir.resolve("good.keras"))) {
      float[] x = Inputs.pattern(2, 36);
      assertThat(m.predict(x, 2)).isDeepEqualTo(g.predict(x, 2));
    }
    Path sm = dir.resolve("savedmodel");
    Files.createDirectories(sm);
    Fer4jException e = catchThrowableOfType(Fer4jException.class, () -> ModelFiles.load(sm));
    assertThat(e).hasMessageContaining(sm.toString()).hasMessageContaining("without config.json");
  }

  @Test
  void pathTraversalAndAbsoluteNames() throws IOException {
    refused("traversal.keras", zip(with("../../evil.sh", new byte[] {1})), "unsafe name", "../../evil.sh");
    refused("absolute.keras", zip(with("/etc/cron.d/x", new byte[] {1})), "unsafe name");
    assertThat(dir.resolveSibling("evil.sh")).doesNotExist();
  }

  @Test
  void zipBombIsCutAtTheDeclaredSize() throws IOException {
    byte[] z = zip(with("model.weights.h5", new byte[64 << 20])); // 64 MiB of zeros deflate to ~64 KiB
    // lie in the central directory: declare 1000 bytes for model.weights.h5
    ByteBuffer b = ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 46 < z.length; i++) {
      if (b.getInt(i) == 0x02014b50) {
        int nameLen = b.getShort(i + 28) & 0xffff;
        String name = new String(z, i + 46, nameLen, StandardCharsets.UTF_8);
        if (name.equals("model.weights.h5")) b.putInt(i + 24, 1000);
      }
    }
    refused("bomb.keras", z, "model.weights.h5", "zip bomb");
  }

  @Test
  void truncatedZipAndRandomBytes() throws IOException {
    byte[] z = zip(good);
    refused("truncated.keras", java.util.Arrays.copyOf(z, z.length / 2), "zip");
    byte[] noise = new byte[4096];
    new Random(5).nextBytes(noise);
    refused("noise.h5", noise, "bad magic bytes");
    byte[] fakeHdf = noise.clone();
    System.arraycopy(new byte[] {(byte) 0x89, (byte) 0x48, (byte) 0x44, (byte) 0x46, 13, 10, 26, 10}, 0, fakeHdf, 0, 8);
    refused("fake-hdf5.h5", fakeHdf, "HDF5");
    refused("empty.keras", new byte[0], "bad magic bytes");
  }

  @Test
  void weightsOfAnotherModel() throws IOException {
    Path other = dir.resolve("other.keras");
    try (Sequential m = model(5)) {
      m.save(other);
    }
    refused("wrong-shapes.keras", zip(with("model.weights.h5", members(other).get("model.weights.h5"))), "shape", "[3, 3, 1, 5]", "[3, 3, 1, 3]");
    Path small = dir.resolve("small.keras");
    try (Sequential m = new Sequential("sequential", new InputLayer(6, 6, 1), new Flatten())) {
      m.save(small);
    }
    refused("missing-weights.keras", zip(with("model.weights.h5", members(small).get("model.weights.h5"))), "needs 2 weight arrays, the file has 0");
    Map<String, byte[]> noWeights = new LinkedHashMap<>(good);
    noWeights.remove("model.weights.h5");
    refused("no-weights.keras", zip(noWeights), "no model.weights.h5");
  }

  @Test
  void configNamingUnknownOrForeignClasses() throws IOException {
    String cfg = new String(good.get("config.json"), StandardCharsets.UTF_8);
    refused("unknown-layer.keras", zip(with("config.json", cfg.replace("\"Flatten\"", "\"Lambda\"").getBytes(StandardCharsets.UTF_8))),
        "layer Lambda", "unsupported layer class");
    refused("foreign-module.keras", zip(with("config.json", cfg.replaceFirst("\"keras.layers\"", "\"os\"").getBytes(StandardCharsets.UTF_8))),
        "module 'os'");
    refused("custom-class.keras", zip(with("config.json", cfg.replaceFirst("\"registered_name\":null", "\"registered_name\":\"my>Evil\"").getBytes(StandardCharsets.UTF_8))),
        "custom class 'my>Evil'");
    refused("subclassed.keras", zip(with("config.json", cfg.replaceFirst("\"Sequential\"", "\"MySubclassedModel\"").getBytes(StandardCharsets.UTF_8))),
        "MySubclassedModel", "is not supported");
    refused("channels-first.keras", zip(with("config.json", cfg.replace("\"channels_last\"", "\"channels_first\"").getBytes(StandardCharsets.UTF_8))),
        "data_format=channels_first");
    // groups are computed now; 3 groups cannot split the 1-channel input (Keras refuses it too)
    refused("groups.keras", zip(with("config.json", cfg.replace("\"groups\":1", "\"groups\":3").getBytes(StandardCharsets.UTF_8))),
        "(Conv2D)", "groups 3 does not divide the 1 input channels");
    refused("no-units.keras", zip(with("config.json", cfg.replace("\"units\":2", "\"units\":0").getBytes(StandardCharsets.UTF_8))),
        "layer Dense", "units must be positive");
    refused("bad-json.keras", zip(with("config.json", "{\"class_name\": ".getBytes(StandardCharsets.UTF_8))), "invalid JSON");
  }
}
