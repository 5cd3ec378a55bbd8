package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.Fer4jException;
import io.fer4j.savedmodel.TinyModel;
import io.fer4j.testing.FuzzRun;
import io.fer4j.testing.Mutator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every POST endpoint of {@code serve} (in this JVM, on a tiny model) against 5,000 seeded
 * mutations of valid bodies: JSON for {@code :predict} (half of them token-level edits that keep
 * it nearly JSON: NaN, huge numbers, wrong keys, extra brackets), PNG/JPEG/GIF for {@code :predictImage}.
 * A body must get 200, or a 4xx whose JSON {@code error} is one line without a stack trace; a 5xx
 * or no answer within 10 s is a finding. The server must still be alive and ready after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestFuzzTest {
  static final int N = Integer.getInteger("fer4j.fuzz.bodies", 5_000);
  static final long SEED = Long.getLong("fer4j.fuzz.seed", 13);
  @TempDir static Path tmp;
  ModelManager manager;
  ModelServer server;
  String url;

  @BeforeAll
  void start() throws Exception {
    TinyModel.export(tmp.resolve("tiny/1")).close();
    manager = new ModelManager(List.of(ModelConfig.latest("tiny", tmp.resolve("tiny"))), 0, m -> {});
    ServingLimits limits = ServingLimits.defaults().withMaxInstances(8);
    server = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 2, 16).withLimits(limits)).start();
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    if (manager != null) manager.close();
  }

  static String image(Random r, String fmt) {
    StringBuilder b = new StringBuilder("[");
    for (int y = 0; y < TinyModel.SIZE; y++) {
      b.append(y > 0 ? "," : "").append('[');
      for (int x = 0; x < TinyModel.SIZE; x++) b.append(x > 0 ? "," : "").append('[').append(String.format(fmt, r.nextFloat())).append(']');
      b.append(']');
    }
    return b.append(']').toString();
  }

  static List<byte[]> jsonSeeds() {
    Random r = new Random(3);
    return List.of(
        ("{\"instances\": [" + image(r, "%.3f") + "]}"),
        ("{\"signature_name\": \"serving_default\", \"instances\": [" + image(r, "%.2f") + "," + image(r, "%.1e") + "]}"),
        ("{\"inputs\": [" + image(r, "%.4f") + "]}"),
        ("{\"instances\": [{\"input_layer\": " + image(r, "%.3f") + "}]}"),
        ("{\"inputs\": {\"input_layer\": [" + image(r, "%.2f") + "]}}"))
        .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  static byte[] picture(String format, int type) throws Exception {
    BufferedImage im = new BufferedImage(TinyModel.SIZE + 2, TinyModel.SIZE, type);
    Random r = new Random(format.hashCode());
    for (int y = 0; y < im.getHeight(); y++) for (int x = 0; x < im.getWidth(); x++) im.setRGB(x, y, r.nextInt());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(im, format, out);
    return out.toByteArray();
  }

  static final String[] TOKENS = {"NaN", "Infinity", "-1e400", "1e39", "-0", "0", "1", "\"0.5\"", "null", "true", "[]", "{}", "[[[[]]]]",
      "\"instances\"", "\"inputs\"", "\"input_layer\"", "\"signature_name\"", "\"__saved_model_init_op\"", "{\"b64\": \"AAAA\"}", "12345678901234567890", ",", ":", "[", "]", "{", "}"};

  /** JSON-aware edits: 1 to 4 tokens (numbers, brackets, keys) replaced, deleted or duplicated, so bodies stay nearly JSON. */
  static byte[] tokenMutation(byte[] seed, java.util.SplittableRandom r) {
    List<String> t = new java.util.ArrayList<>(List.of(new String(seed, StandardCharsets.UTF_8).split("(?<=[\\[\\]{},:])|(?=[\\[\\]{},:])")));
    for (int e = 1 + r.nextInt(4); e > 0 && !t.isEmpty(); e--) {
      int at = r.nextInt(t.size());
      switch (r.nextInt(3)) {
        case 0 -> t.set(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 1 -> t.remove(at);
        default -> t.add(at, t.get(at));
      }
    }
    return String.join("", t).getBytes(StandardCharsets.UTF_8);
  }

  /** Posts N mutated bodies to {@code endpoint}; 5xx, hangs and non-JSON or multi-line 4xx errors are findings. */
  void fuzz(String endpoint, List<byte[]> seeds, boolean json) throws Exception {
    for (byte[] s : seeds) assertThat(Http.post(url + endpoint, s).status()).as(new String(s, StandardCharsets.UTF_8)).isEqualTo(200);
    Mutator m = new Mutator(SEED, seeds);
    java.util.function.IntFunction<byte[]> inputs = !json ? m::input : i -> {
      if (i % 2 == 0) return m.input(i);
      java.util.SplittableRandom r = new java.util.SplittableRandom(SEED * 17 + i);
      return tokenMutation(seeds.get(r.nextInt(seeds.size())), r);
    };
    int[] statuses = new int[600];
    FuzzRun.Counts c = FuzzRun.run("serve " + endpoint.substring(endpoint.indexOf(':')), N, 10_000, inputs, (in, i) -> {
      Http.Reply r = Http.post(url + endpoint, in);
      synchronized (statuses) {
        statuses[r.status()]++;
      }
      if (r.status() == 200) return;
      if (r.status() >= 500) throw new AssertionError("unexpected " + r.status() + ": " + r.text());
      String err = r.json() == null ? null : r.json().path("error").asText(null);
      if (err == null || err.isBlank() || err.contains("\n") || err.contains("\tat ")) throw new AssertionError(r.status() + " without a one-line JSON error: " + r.text());
      throw new Fer4jException(r.status() + " " + err);
    });
    StringBuilder hist = new StringBuilder();
    for (int s = 0; s < statuses.length; s++) if (statuses[s] > 0) hist.append(' ').append(s).append(": ").append(statuses[s]);
    System.out.println("  statuses" + hist);
    assertThat(c.findings()).as(c.line()).isEmpty();
    assertThat(c.accepted()).isPositive();
    assertThat(c.refused()).isPositive();
    assertThat(Http.get(url + "/readyz").status()).isEqualTo(200);
  }

  @Test
  void predictBodies() throws Exception {
    fuzz("/v1/models/tiny:predict", jsonSeeds(), true);
  }

  @Test
  void predictImageBodies() throws Exception {
    fuzz("/v1/models/tiny:predictImage", List.of(picture("png", BufferedImage.TYPE_BYTE_GRAY), picture("jpg", BufferedImage.TYPE_INT_RGB),
        picture("gif", BufferedImage.TYPE_BYTE_INDEXED)), false);
  }
}
