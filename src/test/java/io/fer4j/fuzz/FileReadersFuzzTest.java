package io.fer4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.data.Fer2013Csv;
import io.fer4j.data.ImageDecoder;
import io.fer4j.data.ImageHeader;
import io.fer4j.data.Interpolation;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.Sequential;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.TinyModel;
import io.fer4j.saving.ModelFiles;
import io.fer4j.testing.FuzzRun;
import io.fer4j.testing.Mutator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file reader against 10,000 seeded mutations of small valid files (and some noise): PNG,
 * JPEG and GIF through ImageHeader and ImageDecoder, .keras and .h5 through ModelFiles.load, a
 * SavedModel folder through SavedModels.load, a FER2013 CSV. Each input must be accepted or
 * refused with a one-line Fer4jException within the timeout; nothing may be written beside the
 * input (zip-slip entries included). {@code -Dfer4j.fuzz.inputs=N} and {@code -Dfer4j.fuzz.seed=S}
 * change the count and the seed (default 10,000 and 13).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileReadersFuzzTest {
  static final int N = Integer.getInteger("fer4j.fuzz.inputs", 10_000);
  static final long SEED = Long.getLong("fer4j.fuzz.seed", 13);
  static final long TIMEOUT_MS = 10_000;
  static final List<String> ONLY = List.of(System.getProperty("fer4j.fuzz.only", "").split(",")).stream().filter(x -> !x.isEmpty()).toList();
  static final String CANARY = "fer4j-fuzz-escaped.txt";
  @TempDir Path tmp;
  ImageDecoder gray;
  ImageDecoder rgb;
  List<String> cwdBefore;

  @BeforeAll
  void start() throws Exception {
    gray = new ImageDecoder(1);
    rgb = new ImageDecoder(3);
    cwdBefore = list(Path.of("").toAbsolutePath());
  }

  @AfterAll
  void stop() throws Exception {
    gray.close();
    rgb.close();
    assertThat(list(Path.of("").toAbsolutePath())).as("files appeared in the working directory").isEqualTo(cwdBefore);
  }

  static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("target")).sorted().toList();
    }
  }

  /** Runs {@code reader} over N inputs in a fresh folder and checks the outcome and that only {@code allowed} exist there after. */
  void fuzz(String name, java.util.function.IntFunction<byte[]> inputs, List<String> allowed, FuzzRun.Reader reader) throws Exception {
    if (!ONLY.isEmpty() && !ONLY.contains(name)) return;
    FuzzRun.Counts c = FuzzRun.run(name, N, TIMEOUT_MS, inputs, reader);
    assertThat(c.findings()).as(c.line()).isEmpty();
    assertThat(c.accepted() + c.refused()).isEqualTo(N);
    assertThat(c.refused()).as("the mutations must reach refusals").isPositive();
    assertThat(c.accepted()).as("and some inputs must still be valid").isPositive();
    Path dir = tmp.resolve(name);
    List<String> left = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).forEach(left::add);
    }
    assertThat(left).as("files written beside the input").allMatch(p -> allowed.stream().anyMatch(p::startsWith));
    for (Path p : List.of(tmp.resolve(CANARY), tmp.getParent().resolve(CANARY), Path.of("/tmp", CANARY))) assertThat(p).doesNotExist();
  }

  DynamicTest image(String name, List<byte[]> seeds) {
    return DynamicTest.dynamicTest(name, () -> {
      Files.createDirectories(tmp.resolve(name));
      Mutator m = new Mutator(SEED, seeds);
      java.util.function.IntFunction<byte[]> inputs = name.equals("png") ? i -> i % 2 == 0 ? m.input(i) : Seeds.fixPngCrcs(m.input(i)) : m::input;
      FuzzRun.Reader decode = (in, i) -> {
        ImageHeader.read(in, "input " + i);
        ImageDecoder d = i % 2 == 0 ? gray : rgb;
        ImageDecoder.Image im = d.decode(in, 48, 48, Interpolation.BILINEAR, "input " + i);
        if (im.pixels().length != 48 * 48 * d.channels()) throw new AssertionError("decoded " + im.pixels().length + " values");
      };
      for (byte[] s : seeds) decode.read(s, 0); // the unmutated seeds are accepted: the refusals below are the mutations'
      fuzz(name, inputs, List.of(), decode);
    });
  }

  /** Writes each input to one file in the reader's folder and calls {@code reader} on that path. */
  DynamicTest file(String name, String fileName, java.util.function.IntFunction<byte[]> m, PathReader reader) {
    return DynamicTest.dynamicTest(name, () -> {
      if (!ONLY.isEmpty() && !ONLY.contains(name)) return;
      Path dir = Files.createDirectories(tmp.resolve(name));
      List<Path> lanes = new ArrayList<>();
      for (int w = 0; w < FuzzRun.WORKERS; w++) lanes.add(Files.createDirectories(dir.resolve("lane" + w)).resolve(fileName));
      fuzz(name, m, List.of("lane"), (in, i) -> {
        Path f = lanes.get(i % FuzzRun.WORKERS);
        Files.write(f, in);
        reader.read(f);
      });
      assertThat(dir.resolve("lane0")).isDirectoryContaining(p -> p.getFileName().toString().equals(fileName));
    });
  }

  @FunctionalInterface
  interface PathReader {
    void read(Path p) throws Exception;
  }

  @TestFactory
  Stream<DynamicTest> everyFileReader() throws Exception {
    Path seedDir = Files.createDirectories(tmp.resolve("seeds"));
    TinyModel.export(seedDir.resolve("savedmodel")).close();
    // a two-layer model: a load that passes builds a TF graph, the cost of an accepted input
    try (Sequential m = new Sequential("dense", new InputLayer(4, 4, 1), new Flatten(), new Dense(3, "softmax"))) {
      m.build();
      ModelFiles.save(m, seedDir.resolve("tiny.keras"));
    }
    byte[] keras = Files.readAllBytes(seedDir.resolve("tiny.keras"));
    Map<String, byte[]> entries = Seeds.unzip(keras);
    List<byte[]> kerasSeeds = new ArrayList<>(List.of(keras));
    kerasSeeds.addAll(Seeds.zipSlips(entries, CANARY));
    Mutator rawKeras = new Mutator(SEED, kerasSeeds);
    // half the inputs mutate one entry of the archive and zip it again, to get past the zip layer
    List<String> names = List.copyOf(entries.keySet());
    java.util.function.IntFunction<byte[]> kerasInputs = i -> {
      if (i % 2 == 0) return rawKeras.input(i);
      SplittableRandom r = new SplittableRandom(SEED * 31 + i);
      Map<String, byte[]> e = new LinkedHashMap<>(entries);
      String which = names.get(r.nextInt(names.size()));
      e.put(which, rawKeras.mutate(entries.get(which), r));
      try {
        return Seeds.zip(e);
      } catch (java.io.IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    };
    byte[] h5 = Files.readAllBytes(Path.of("src/test/resources/fuzz/dense.h5")); // Keras 3.15.1, uncompiled
    byte[] h5Compiled = Files.readAllBytes(Path.of("src/test/resources/fuzz/tiny.h5")); // Conv2D, compiled: training_config
    Path sm = seedDir.resolve("savedmodel");
    byte[] pb = Files.readAllBytes(sm.resolve("saved_model.pb"));
    byte[] meta = Files.readAllBytes(sm.resolve("fer4j.json"));
    return Stream.of(
        image("png", List.of(Seeds.image("png", 16, 16, BufferedImage.TYPE_BYTE_GRAY), Seeds.image("png", 12, 9, BufferedImage.TYPE_INT_ARGB))),
        image("jpeg", List.of(Seeds.image("jpg", 16, 16, BufferedImage.TYPE_BYTE_GRAY), Seeds.image("jpg", 24, 8, BufferedImage.TYPE_INT_RGB))),
        image("gif", List.of(Seeds.image("gif", 16, 16, BufferedImage.TYPE_BYTE_INDEXED), Seeds.image("gif", 7, 13, BufferedImage.TYPE_INT_RGB))),
        file("keras", "model.keras", kerasInputs, p -> ModelFiles.load(p).close()),
        file("h5", "model.h5", new Mutator(SEED, List.of(h5, h5Compiled))::input, p -> ModelFiles.load(p).close()),
        savedModel(sm, pb, meta),
        file("fer2013-csv", "fer2013.csv", new Mutator(SEED, List.of(Seeds.csv()))::input, p -> Fer2013Csv.load(p, List.of("Training"))));
  }

  /** A copy of a fer4j SavedModel whose saved_model.pb (3 in 4 inputs) or fer4j.json is the mutated input. */
  DynamicTest savedModel(Path seed, byte[] pb, byte[] meta) {
    return DynamicTest.dynamicTest("savedmodel", () -> {
      Path dir = Files.createDirectories(tmp.resolve("savedmodel"));
      List<Path> lanes = new ArrayList<>();
      for (int w = 0; w < FuzzRun.WORKERS; w++) {
        Path sm = dir.resolve("lane" + w);
        Files.createDirectories(sm.resolve("variables"));
        try (Stream<Path> s = Files.list(seed.resolve("variables"))) {
          for (Path v : s.toList()) Files.copy(v, sm.resolve("variables").resolve(v.getFileName()));
        }
        lanes.add(sm);
      }
      Mutator pbs = new Mutator(SEED, List.of(pb));
      Mutator metas = new Mutator(SEED, List.of(meta));
      fuzz("savedmodel", i -> i % 4 == 3 ? metas.input(i) : pbs.input(i), List.of("lane"), (in, i) -> {
        Path sm = lanes.get(i % FuzzRun.WORKERS);
        Files.write(sm.resolve("saved_model.pb"), i % 4 == 3 ? pb : in);
        Files.write(sm.resolve("fer4j.json"), i % 4 == 3 ? in : meta);
        try (LoadedSavedModel l = SavedModels.load(sm)) {
          l.signatures();
        }
      });
    });
  }
}
