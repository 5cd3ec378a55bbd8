package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.savedmodel.TinyModel;
import io.fer4j.util.PngBomb;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What hostile or unlucky clients get from {@code serve}: a 4xx/5xx JSON error naming the problem, never a hang or a crash. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
  @TempDir static Path tmp;
  ModelManager manager;
  ModelServer server;
  String url;

  @BeforeAll
  void start() throws Exception {
    TinyModel.export(tmp.resolve("tiny/1")).close();
    manager = new ModelManager(List.of(ModelConfig.latest("tiny", tmp.resolve("tiny"))), 0, m -> {});
    ServingLimits limits = ServingLimits.defaults().withIdleTimeoutMs(500).withMaxInstances(4);
    server = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 2, 16).withLimits(limits)).start();
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    if (manager != null) manager.close();
  }

  static String image(String value) {
    StringBuilder b = new StringBuilder("[");
    for (int y = 0; y < 8; y++) {
      b.append(y > 0 ? "," : "").append('[');
      for (int c = 0; c < 8; c++) b.append(c > 0 ? "," : "").append('[').append(y == 3 && c == 5 ? value : "0.5").append(']');
      b.append(']');
    }
    return b.append(']').toString();
  }

  private Http.Reply predict(String body) throws Exception { return Http.post(url + "/v1/models/tiny:predict", body); }

  @Test
  void nonFiniteAndNonNumericValuesAre400() throws Exception {
    assertThat(predict("{\"instances\": [" + image("0.25") + "]}").status()).isEqualTo(200);
    for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e39", "\"0.5\"", "true", "null", "{\"b64\": \"AA==\"}"}) {
      Http.Reply r = predict("{\"instances\": [" + image(bad) + "]}");
      assertThat(r.status()).as(bad + ": " + r.text()).isEqualTo(400);
      assertThat(r.json().get("error").asText()).as(bad).contains("input 'input_layer'");
    }
    assertThat(predict("{\"instances\": [" + image("NaN") + "]}").json().get("error").asText()).contains("non-finite value (NaN at element 29)");
  }

  @Test
  void deepNestingIsRefusedBeforeATreeIsBuilt() throws Exception {
    Http.Reply r = predict("{\"instances\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains("JSON parse error").contains("nesting depth");
  }

  @Test
  void tooManyInstancesAre400() throws Exception {
    String img = image("0.1");
    assertThat(predict("{\"instances\": [" + String.join(",", java.util.Collections.nCopies(4, img)) + "]}").status()).isEqualTo(200);
    Http.Reply r = predict("{\"instances\": [" + String.join(",", java.util.Collections.nCopies(5, img)) + "]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains("'instances' has 5 entries, more than the server's limit of 4 (--max-instances)");
    Http.Reply cols = predict("{\"inputs\": [" + String.join(",", java.util.Collections.nCopies(5, img)) + "]}");
    assertThat(cols.json().get("error").asText()).contains("input 'input_layer' has 5 rows");
  }

  @Test
  void imageBombIs400AndNamesItsSize() throws Exception {
    Http.Reply r = Http.post(url + "/v1/models/tiny:predictImage", PngBomb.gray(16000, 16000));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("request body: image declares 16000x16000 (256,000,000 pixels), more than the limit of 40,000,000 pixels (--max-image-pixels)");
  }

  @Test
  void probes() throws Exception {
    assertThat(Http.get(url + "/healthz").json().get("status").asText()).isEqualTo("alive");
    assertThat(Http.get(url + "/livez").status()).isEqualTo(200);
    Http.Reply ready = Http.get(url + "/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
  }

  @Test
  void notReadyWithoutALoadedVersion() throws Exception {
    try (ModelManager empty = new ModelManager(List.of(ModelConfig.latest("none", tmp.resolve("none"))), 0, m -> {});
         ModelServer s = new ModelServer(empty, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 1, 1)).start()) {
      Http.Reply r = Http.get("http://127.0.0.1:" + s.port() + "/readyz");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().get("reason").asText()).isEqualTo("no loaded version of none");
    }
  }

  /** A client that sends half a request line and stalls is disconnected after the idle timeout (500 ms here). */
  @Test
  void stalledClientIsCutOffByTheIdleTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("POST /v1/models/tiny:predict HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      InputStream in = s.getInputStream();
      while (in.read() >= 0) { /* drain whatever the server answers before closing */ }
      double waited = (System.nanoTime() - t0) / 1e9;
      assertThat(waited).isBetween(0.3, 5.0);
    }
    assertThat(Http.get(url + "/healthz").status()).isEqualTo(200); // and the server is still fine
  }

  /** A request still waiting when its deadline passes gets 504 (here: a batch that waits 2 s to fill, a 100 ms deadline). */
  @Test
  void deadlineGives504() throws Exception {
    ServingLimits limits = ServingLimits.defaults().withRequestTimeoutMs(100);
    try (ModelServer s = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 2, 16, 64, 2_000_000, limits)).start()) {
      long t0 = System.nanoTime();
      Http.Reply r = Http.post("http://127.0.0.1:" + s.port() + "/v1/models/tiny:predict", "{\"instances\": [" + image("0.2") + "]}");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(r.status()).as(r.text()).isEqualTo(504);
      assertThat(r.json().get("error").asText()).contains("deadline exceeded").contains("100 ms");
      assertThat(seconds).isLessThan(1.5);
    }
  }

  /** Graceful stop: a request in flight finishes with 200, a request after the stop began is refused, readiness says so. */
  @Test
  void drainFinishesInFlightAndRefusesNew() throws Exception {
    try (ModelManager m = new ModelManager(List.of(ModelConfig.latest("tiny", tmp.resolve("tiny"))), 0, x -> {})) {
      ModelServer s = new ModelServer(m, new ModelServer.Options("127.0.0.1", 0, 1 << 20, 2, 16, 64, 800_000)).start();
      String u = "http://127.0.0.1:" + s.port();
      CompletableFuture<Http.Reply> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return Http.post(u + "/v1/models/tiny:predict", "{\"instances\": [" + image("0.3") + "]}");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      while (s.inFlight() == 0) Thread.sleep(5);
      CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> s.drainAndStop(10_000));
      Thread.sleep(100);
      Http.Reply ready = Http.get(u + "/readyz");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("reason").asText()).isEqualTo("shutting down");
      assertThat(Http.post(u + "/v1/models/tiny:predict", "{\"instances\": [" + image("0.3") + "]}").status()).isEqualTo(503);
      assertThat(slow.get().status()).isEqualTo(200);
      assertThat(drained.get()).isTrue();
    }
  }
}
