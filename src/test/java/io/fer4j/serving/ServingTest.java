package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer4j.model.Sequential;
import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.TensorValue;
import io.fer4j.savedmodel.TinyModel;
import io.fer4j.savedmodel.VersionedExport;
import io.fer4j.testing.Requirements;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} end to end over HTTP on loopback: the fixture Keras 3 export (fer), a fer4j
 * export that gets a new version while clients run (tiny) and a two-input/two-output model
 * (multi). Every prediction is compared with the library called directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingTest {
  @TempDir static Path tmp;
  ModelManager manager;
  ModelServer server;
  LoadedSavedModel direct;
  String url;

  @BeforeAll
  void start() throws Exception {
    Path fixture = Requirements.fixture("keras3-fer112/savedmodel");
    VersionedExport.export(fixture.toString(), tmp.resolve("fer"), 1L);
    TinyModel.export(tmp.resolve("tiny/1")).close();
    MultiIoModel.export(tmp.resolve("multi/3"));
    manager = new ModelManager(List.of(ModelConfig.latest("fer", tmp.resolve("fer")), ModelConfig.latest("tiny", tmp.resolve("tiny")),
        new ModelConfig("multi", tmp.resolve("multi"), 1, List.of(), Map.of("stable", 3L))), 200, m -> System.err.println("serve: " + m));
    server = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 4, 16)).start();
    url = "http://127.0.0.1:" + server.port() + "/v1/models/";
    direct = SavedModels.load(fixture);
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    if (manager != null) manager.close();
    if (direct != null) direct.close();
  }

  static float[] images(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 112 * 112];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    return x;
  }

  /** Nested JSON lists [n][112][112][1]. */
  static String nested(float[] x, int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append('[');
      for (int y = 0; y < 112; y++) {
        b.append(y > 0 ? "," : "").append('[');
        for (int c = 0; c < 112; c++) b.append(c > 0 ? "," : "").append('[').append(x[(i * 112 + y) * 112 + c]).append(']');
        b.append(']');
      }
      b.append(']');
    }
    return b.append(']').toString();
  }

  @Test
  void statusAndMetadata() throws Exception {
    Http.Reply s = Http.get(url + "fer");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.json().at("/model_version_status/0/state").asText()).isEqualTo("AVAILABLE");
    assertThat(s.json().at("/model_version_status/0/version").asText()).isEqualTo("1");
    assertThat(s.json().at("/model_version_status/0/status/error_code").asText()).isEqualTo("OK");
    assertThat(Http.get(url + "fer/versions/1").status()).isEqualTo(200);
    assertThat(Http.get(url + "multi/labels/stable").json().at("/model_version_status/0/version").asText()).isEqualTo("3");

    Http.Reply m = Http.get(url + "fer/metadata");
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.json().at("/model_spec/name").asText()).isEqualTo("fer");
    JsonNode sd = m.json().at("/metadata/signature_def/signature_def/serving_default");
    assertThat(sd.path("method_name").asText()).isEqualTo("tensorflow/serving/predict");
    JsonNode in = sd.at("/inputs/input_layer");
    assertThat(in.path("dtype").asText()).isEqualTo("DT_FLOAT");
    assertThat(in.at("/tensor_shape/dim").findValuesAsText("size")).containsExactly("-1", "112", "112", "1");
    assertThat(sd.at("/outputs/output_0/tensor_shape/dim/1/size").asText()).isEqualTo("8");
  }

  @Test
  void predictRowAndColumnarEqualTheLibrary() throws Exception {
    int n = 3;
    float[] x = images(n, 5);
    float[] expected = direct.predict("serving_default", TensorValue.ofFloats(x, n, 112, 112, 1)).floats();
    Http.Reply row = Http.post(url + "fer:predict", "{\"instances\": " + nested(x, n) + "}");
    assertThat(row.status()).as(row.text()).isEqualTo(200);
    assertThat(row.json().fieldNames()).toIterable().containsExactly("predictions");
    Http.Reply col = Http.post(url + "fer/versions/1:predict", "{\"signature_name\": \"serving_default\", \"inputs\": {\"input_layer\": " + nested(x, n) + "}}");
    assertThat(col.status()).as(col.text()).isEqualTo(200);
    assertThat(col.json().fieldNames()).toIterable().containsExactly("outputs");
    for (JsonNode out : List.of(row.json().get("predictions"), col.json().get("outputs"))) {
      assertThat(out.size()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(out.get(i).size()).isEqualTo(8);
        for (int k = 0; k < 8; k++) assertThat(out.get(i).get(k).floatValue()).isCloseTo(expected[i * 8 + k], within(1e-5f));
      }
    }
  }

  @Test
  void badRequestsAre400WithAnErrorAndUnknownModelsAre404() throws Exception {
    String one = nested(images(1, 1), 1);
    Map<String, String> bad = Map.of(
        "{\"instances\": [[1, 2, 3]]}", "expects shape [-1,112,112,1]",
        "{\"instances\": " + one + ", \"inputs\": " + one + "}", "not both",
        "{\"signature_name\": \"serving_default\"}", "not neither",
        "{\"instances\": [[1, 2], [3]]}", "not a rectangular tensor",
        "{\"instances\": [\"a\"]}", "expects numbers",
        "{\"instances\": " + one + ", \"signature_name\": \"nope\"}", "\"nope\" not found",
        "{\"instances\": [}", "JSON parse error",
        "[1, 2]", "must be a JSON object",
        "{\"inputs\": {\"x\": [1]}}", "do not match the signature's inputs");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Http.Reply r = Http.post(url + "fer:predict", e.getKey());
      assertThat(r.status()).as(e.getKey().substring(0, Math.min(60, e.getKey().length()))).isEqualTo(400);
      assertThat(r.json().get("error").asText()).contains(e.getValue());
    }
    assertThat(Http.post(url + "nope:predict", "{\"instances\": [1]}").status()).isEqualTo(404);
    assertThat(Http.post(url + "fer/versions/9:predict", "{\"instances\": [1]}").json().get("error").asText()).contains("Specific(fer, 9)");
    assertThat(Http.get(url + "nope").status()).isEqualTo(404);
    assertThat(Http.get(url + "fer/versions/9/metadata").status()).isEqualTo(404);
    assertThat(Http.get(url + "multi/labels/canary").status()).isEqualTo(404);
    Http.Reply big = Http.post(url + "fer:predict", new byte[(1 << 20) + 10]);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().has("error")).isTrue();
    assertThat(Http.post(url + "fer:classify", "{}").status()).isEqualTo(400);
  }

  @Test
  void severalInputsAndOutputsFollowTfServingShapes() throws Exception {
    Http.Reply row = Http.post(url + "multi:predict", "{\"instances\": [{\"a\": [1.5, 2], \"k\": 3}, {\"a\": [0, -1], \"k\": -2}]}");
    assertThat(row.status()).as(row.text()).isEqualTo(200);
    assertThat(row.json()).isEqualTo(Http.JSON.readTree("{\"predictions\": [{\"count\": 6, \"sum\": [4.5, 5.0]}, {\"count\": -4, \"sum\": [-2.0, -3.0]}]}"));
    Http.Reply col = Http.post(url + "multi:predict", "{\"inputs\": {\"a\": [[1.5, 2], [0, -1]], \"k\": [3, -2]}}");
    assertThat(col.json()).isEqualTo(Http.JSON.readTree("{\"outputs\": {\"count\": [6, -4], \"sum\": [[4.5, 5.0], [-2.0, -3.0]]}}"));
    Http.Reply notInt = Http.post(url + "multi:predict", "{\"inputs\": {\"a\": [[1, 2]], \"k\": [0.5]}}");
    assertThat(notInt.status()).isEqualTo(400);
    assertThat(notInt.json().get("error").asText()).contains("expects integers");
    assertThat(Http.post(url + "multi:predict", "{\"instances\": [[1, 2]]}").json().get("error").asText()).contains("must be an object naming them");
  }

  @Test
  void predictImageDecodesResizesAndScalesLikeTheModelExpects() throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    Random r = new Random(3);
    for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.getRaster().setSample(x, y, 0, r.nextInt(256));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    // 16x16 → 8x8 with half-pixel bilinear is the mean of each 2x2 block
    float[] x = new float[64];
    for (int y = 0; y < 8; y++) for (int c = 0; c < 8; c++) {
      int s = 0;
      for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) s += img.getRaster().getSample(2 * c + dx, 2 * y + dy, 0);
      x[y * 8 + c] = s / 4f / 255f;
    }
    Http.Reply rep = Http.post(url + "tiny:predictImage", png.toByteArray());
    assertThat(rep.status()).as(rep.text()).isEqualTo(200);
    try (LoadedSavedModel m = SavedModels.load(tmp.resolve("tiny/" + rep.json().get("model_version").asText()))) {
      float[] p = m.predict("serving_default", TensorValue.ofFloats(x, 1, 8, 8, 1)).floats();
      int best = 0;
      for (int k = 0; k < 3; k++) {
        assertThat(rep.json().at("/probabilities/" + k).floatValue()).isCloseTo(p[k], within(1e-5f));
        if (p[k] > p[best]) best = k;
      }
      assertThat(rep.json().get("label").asText()).isEqualTo(TinyModel.CLASSES.get(best));
    }
    Http.Reply junk = Http.post(url + "tiny:predictImage", "not an image");
    assertThat(junk.status()).isEqualTo(400);
    assertThat(junk.json().get("error").asText()).contains("cannot decode image");
    assertThat(Http.post(url + "multi:predictImage", png.toByteArray()).status()).isEqualTo(400);
  }

  /** A new version folder goes live within a few polls while 4 clients keep predicting; none fails. */
  @Test
  void newVersionIsPickedUpWithoutFailedRequests() throws Exception {
    float[] x = TinyModel.input(1, 9);
    String body = "{\"inputs\": [" + rows(x) + "]}";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<Integer>>> clients = new ArrayList<>();
    long end = System.currentTimeMillis() + 4000;
    for (int t = 0; t < 4; t++) {
      clients.add(pool.submit(() -> {
        List<Integer> codes = new ArrayList<>();
        while (System.currentTimeMillis() < end) codes.add(Http.post(url + "tiny:predict", body).status());
        return codes;
      }));
    }
    Thread.sleep(500);
    ServableHandle v1 = manager.model("tiny").loaded().get(1L);
    assertThat(v1).isNotNull();
    float[] v2expected;
    try (Sequential v2 = TinyModel.build()) {
      v2.seed(99);
      v2.setWeights(randomWeights(v2));
      v2expected = v2.predict(x, 1)[0];
      VersionedExport.export(tmpExport(v2).toString(), tmp.resolve("tiny"), 2L);
    }
    long deadline = System.currentTimeMillis() + 3000;
    while (!manager.loadedVersions("tiny").contains(2L) && System.currentTimeMillis() < deadline) Thread.sleep(50);
    assertThat(manager.loadedVersions("tiny")).containsExactly(2L);
    int total = 0;
    for (Future<List<Integer>> f : clients) {
      for (int code : f.get()) assertThat(code).isEqualTo(200);
      total += f.get().size();
    }
    pool.shutdown();
    assertThat(total).isGreaterThan(20);
    Http.Reply r = Http.post(url + "tiny:predict", body);
    for (int k = 0; k < 3; k++) assertThat(r.json().at("/outputs/0/" + k).floatValue()).isCloseTo(v2expected[k], within(1e-5f));
    assertThat(Http.get(url + "tiny/versions/1").status()).isEqualTo(404);
    assertThat(v1.isClosed()).as("version 1 closed once its requests finished").isTrue();
  }

  private Path tmpExport(Sequential m) {
    Path d = tmp.resolve("tiny-v2-src");
    m.exportSavedModel(d);
    return d;
  }

  private static List<float[]> randomWeights(Sequential m) {
    Random r = new Random(42);
    List<float[]> w = new ArrayList<>();
    for (float[] a : m.getWeights()) {
      float[] b = new float[a.length];
      for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian() * 0.5f;
      w.add(b);
    }
    return w;
  }

  private static String rows(float[] x) {
    StringBuilder b = new StringBuilder("[");
    for (int y = 0; y < 8; y++) {
      b.append(y > 0 ? "," : "").append('[');
      for (int c = 0; c < 8; c++) b.append(c > 0 ? "," : "").append('[').append(x[y * 8 + c]).append(']');
      b.append(']');
    }
    return b.append(']').toString();
  }
}
