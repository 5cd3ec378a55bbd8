package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import io.fer4j.spark.FerTransformer;
import io.fer4j.spark.SharedModels;
import io.fer4j.testing.Requirements;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark batch scoring in local[2] inside this JVM, against {@code fer4j predict} on the same
 * FER2013 files: the same labels and probabilities (to 1e-5), a corrupt image as a row with an
 * error, and one model load per executor JVM however many tasks ran.
 */
class SparkScoringTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  Path model;
  Path in;
  List<Path> faces = new ArrayList<>();

  @BeforeEach
  void faces() throws Exception {
    Path train = Requirements.shared().resolve("data/fer2013/train");
    model = tmp.resolve("model");
    copyTree(Path.of("savedmodels/fer/1"), model); // a path of its own: its load count starts at 0
    in = tmp.resolve("in");
    for (String c : io.fer4j.FerModels.CLASSES) {
      try (Stream<Path> files = Files.list(train.resolve(c)).sorted().limit(3)) {
        for (Path f : files.toList()) {
          Path dst = Files.createDirectories(in.resolve(c)).resolve(f.getFileName());
          Files.copy(f, dst);
          faces.add(dst);
        }
      }
    }
    Files.createDirectories(in.resolve("bad"));
    Files.writeString(in.resolve("bad/corrupt.jpg"), "not a JPEG at all");
  }

  @Test
  void sparkPredictMatchesPredictAndLoadsTheModelOnce() throws Exception {
    Map<Path, JsonNode> expected = predict();
    Path out = tmp.resolve("out");
    System.setProperty("spark.sql.files.maxPartitionBytes", "20000"); // one file per task: 22 tasks on 2 cores
    Cli.Run r;
    try {
      r = Cli.run("spark-predict", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(), "--format", "json", "--master", "local[2]", "--batch-size", "8");
    } finally {
      System.clearProperty("spark.sql.files.maxPartitionBytes");
    }
    assertThat(r.exit()).as(r.err()).isEqualTo(1); // one image failed, as predict exits 1
    assertThat(r.out()).as(r.err()).startsWith("spark-predict: 22 images (1 errors) in ");
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> parts = Files.list(out)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(p)) rows.add(JSON.readTree(line));
      }
    }
    assertThat(rows).hasSize(22);
    int scored = 0;
    for (JsonNode row : rows) {
      Path p = Path.of(URI.create(row.get("path").asText()));
      if (p.getFileName().toString().equals("corrupt.jpg")) {
        assertThat(row.has("label")).isFalse();
        assertThat(row.get("error").asText()).contains("corrupt.jpg").doesNotContain("\n");
        continue;
      }
      assertThat(row.has("error")).as(row.toString()).isFalse();
      assertSame(row.get("label").asText(), floats(row.get("probabilities")), expected.get(p), p);
      scored++;
    }
    assertThat(scored).isEqualTo(21);
    assertThat(SharedModels.loads(model.toString())).as("model loads in this (the only) executor JVM across 22 tasks").isEqualTo(1);
  }

  @Test
  void transformerScoresABytesColumnInBatches() throws Exception {
    Map<Path, JsonNode> expected = predict();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("fer4j-test").config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Row> data = new ArrayList<>();
      for (Path f : faces) data.add(RowFactory.create(f.toString(), Files.readAllBytes(f)));
      data.add(RowFactory.create("corrupt", "\u00ff\u00d8garbage".getBytes()));
      data.add(RowFactory.create("missing", null));
      StructType schema = new StructType().add("name", DataTypes.StringType).add("bytes", DataTypes.BinaryType);
      Dataset<Row> df = spark.createDataFrame(data, schema).repartition(2);
      Path other = tmp.resolve("model2");
      copyTree(model, other);
      FerTransformer t = new FerTransformer().setModel(other.toString()).setInputCol("bytes").setBatchSize(4);
      assertThat(t.transformSchema(schema).fieldNames()).containsExactly("name", "bytes", "label", "probabilities", "error");
      assertThatThrownBy(() -> new FerTransformer().transform(df)).isInstanceOf(Fer4jException.class).hasMessageStartingWith("no column 'content' of image bytes");
      List<Row> rows = t.transform(df).collectAsList();
      assertThat(rows).hasSize(23);
      for (Row row : rows) {
        String name = row.getString(0);
        if (name.equals("corrupt") || name.equals("missing")) {
          assertThat(row.isNullAt(2)).isTrue();
          assertThat(row.isNullAt(3)).isTrue();
          assertThat(row.getString(4)).isNotBlank().doesNotContain("\n");
          continue;
        }
        assertThat(row.isNullAt(4)).as(row.toString()).isTrue();
        List<Float> probs = row.getList(3);
        float[] p = new float[probs.size()];
        for (int i = 0; i < p.length; i++) p[i] = probs.get(i);
        assertSame(row.getString(2), p, expected.get(Path.of(name)), Path.of(name));
      }
      assertThat(df.rdd().getNumPartitions()).isEqualTo(2);
      assertThat(SharedModels.loads(other.toString())).as("model loads across 2 partitions").isEqualTo(1);
    } finally {
      spark.stop();
    }
  }

  @Test
  void facesModeGivesOneRowPerFaceAsPredictFaces() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Path group = photos.resolve("group.png");
    Path empty = photos.resolve("empty.png");
    java.awt.image.BufferedImage canvas = new java.awt.image.BufferedImage(4 * 215 + 85, 300, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    java.awt.Graphics2D g = canvas.createGraphics();
    g.setColor(new java.awt.Color(128, 128, 128));
    g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    List<Path> happy = faces.stream().filter(f -> f.getParent().getFileName().toString().equals("happy")).toList();
    for (int i = 0; i < happy.size(); i++) g.drawImage(javax.imageio.ImageIO.read(happy.get(i).toFile()), 50 + i * 215, 50, 200, 200, null);
    g.dispose();
    javax.imageio.ImageIO.write(canvas, "png", group.toFile());
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", empty.toFile());
    Files.writeString(photos.resolve("corrupt.png"), "not a PNG");
    Cli.Run cli = Cli.run("predict", "--faces", "--json", "--model", model.toString(), group.toString());
    assertThat(cli.exit()).as(cli.err()).isZero();
    JsonNode want = JSON.readTree(cli.out()).get("faces");
    assertThat(want.size()).as("faces predict --faces finds in " + group).isGreaterThanOrEqualTo(2);

    Path out = tmp.resolve("faces-out");
    Cli.Run r = Cli.run("spark-predict", "--faces", "--model", model.toString(), "--input", photos.toString(), "--output", out.toString(), "--format", "json", "--master", "local[2]");
    assertThat(r.exit()).as(r.err()).isEqualTo(1); // the corrupt file
    assertThat(r.out()).as(r.err()).startsWith("spark-predict: " + (want.size() + 2) + " rows (1 errors) in ");
    Map<String, List<JsonNode>> byPhoto = new HashMap<>();
    try (Stream<Path> parts = Files.list(out)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(p)) {
          JsonNode row = JSON.readTree(line);
          byPhoto.computeIfAbsent(Path.of(URI.create(row.get("path").asText())).getFileName().toString(), k -> new ArrayList<>()).add(row);
        }
      }
    }
    assertThat(byPhoto.get("corrupt.png")).singleElement().satisfies(row -> {
      assertThat(row.has("face")).isFalse();
      assertThat(row.get("error").asText()).contains("corrupt.png").doesNotContain("\n");
    });
    assertThat(byPhoto.get("empty.png")).singleElement().satisfies(row -> {
      assertThat(row.has("face")).isFalse();
      assertThat(row.has("label")).isFalse();
      assertThat(row.has("error")).isFalse();
    });
    List<JsonNode> got = new ArrayList<>(byPhoto.get("group.png"));
    got.sort(java.util.Comparator.comparingInt(row -> row.get("face").asInt()));
    assertThat(got).hasSize(want.size());
    for (int i = 0; i < want.size(); i++) {
      assertThat(got.get(i).get("face").asInt()).isEqualTo(i);
      assertThat(got.get(i).get("box")).isEqualTo(want.get(i).get("box"));
      assertSame(got.get(i).get("label").asText(), floats(got.get(i).get("probabilities")), want.get(i), group);
    }
  }

  /** {@code fer4j predict --json} on the faces: image path to its JSON row. */
  private Map<Path, JsonNode> predict() throws Exception {
    List<String> args = new ArrayList<>(List.of("predict", "--json", "--model", model.toString()));
    for (Path f : faces) args.add(f.toString());
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    Map<Path, JsonNode> m = new HashMap<>();
    for (String line : r.out().lines().toList()) {
      JsonNode o = JSON.readTree(line);
      m.put(Path.of(o.get("image").asText()), o);
    }
    assertThat(m).hasSize(faces.size());
    return m;
  }

  private static void assertSame(String label, float[] probs, JsonNode expected, Path p) {
    assertThat(expected).as("predict row for " + p).isNotNull();
    assertThat(label).as(p.toString()).isEqualTo(expected.get("label").asText());
    float[] want = floats(expected.get("probabilities"));
    assertThat(probs).hasSize(want.length);
    for (int i = 0; i < want.length; i++) assertThat(Math.abs(probs[i] - want[i])).as(p + " [" + i + "]").isLessThanOrEqualTo(1e-5f);
  }

  private static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
    return f;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path d = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(d);
        else Files.copy(p, d);
      }
    }
  }
}
