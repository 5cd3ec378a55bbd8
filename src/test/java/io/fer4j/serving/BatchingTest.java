package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.TensorValue;
import io.fer4j.savedmodel.VersionedExport;
import io.fer4j.testing.Requirements;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side batching: concurrent requests share session runs, and each still gets its own rows. */
class BatchingTest {
  @TempDir Path tmp;

  @Test
  void concurrentRequestsAreBatchedAndAnsweredWithTheirOwnRows() throws Exception {
    Path fixture = Requirements.fixture("keras3-fer112/savedmodel");
    VersionedExport.export(fixture.toString(), tmp.resolve("fer"), 1L);
    MultiIoModel.export(tmp.resolve("multi/1"));
    int clients = 8;
    float[][] x = new float[clients][];
    float[][] expected = new float[clients][];
    try (LoadedSavedModel m = SavedModels.load(fixture)) {
      for (int i = 0; i < clients; i++) {
        x[i] = ServingTest.images(1 + i % 2, 100 + i); // 1- and 2-row requests mixed
        expected[i] = m.predict("serving_default", TensorValue.ofFloats(x[i], 1 + i % 2, 112, 112, 1)).floats();
      }
    }
    try (ModelManager manager = new ModelManager(List.of(ModelConfig.latest("fer", tmp.resolve("fer")), ModelConfig.latest("multi", tmp.resolve("multi"))), 0, m -> {});
         ModelServer server = new ModelServer(manager, new ModelServer.Options("127.0.0.1", 0, 16 << 20, 2, 64).withBatching(6, 200_000)).start()) {
      String url = "http://127.0.0.1:" + server.port() + "/v1/models/";
      ExecutorService pool = Executors.newFixedThreadPool(clients + 2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String body = "{\"instances\": " + ServingTest.nested(x[i], 1 + i % 2) + "}";
        replies.add(pool.submit(() -> { go.await(); return Http.post(url + "fer:predict", body); }));
      }
      Future<Http.Reply> multi = pool.submit(() -> { go.await(); return Http.post(url + "multi:predict", "{\"inputs\": {\"a\": [[1, 2]], \"k\": [4]}}"); });
      Future<Http.Reply> bad = pool.submit(() -> { go.await(); return Http.post(url + "fer:predict", "{\"instances\": [[1, 2]]}"); });
      go.countDown();
      for (int i = 0; i < clients; i++) {
        Http.Reply r = replies.get(i).get();
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        int rows = 1 + i % 2;
        assertThat(r.json().get("predictions").size()).isEqualTo(rows);
        for (int j = 0; j < rows; j++) for (int k = 0; k < 8; k++) {
          assertThat(r.json().get("predictions").get(j).get(k).floatValue()).isCloseTo(expected[i][j * 8 + k], within(1e-5f));
        }
      }
      assertThat(multi.get().json()).isEqualTo(Http.JSON.readTree("{\"outputs\": {\"count\": [8], \"sum\": [[5.0, 6.0]]}}"));
      assertThat(bad.get().status()).as(bad.get().text()).isEqualTo(400);
      pool.shutdown();
      ServableHandle h = manager.model("fer").loaded().lastEntry().getValue();
      RequestBatcher b = h.batcher(6, 200_000, 2);
      assertThat(b.batchedRows()).as("rows that ran in shared batches").isGreaterThan(b.batches());
      assertThat(b.batches()).as("batches of several requests").isGreaterThanOrEqualTo(1);
      System.out.println("batching: " + b.batches() + " batches, " + b.batchedRows() + " rows");
    }
  }
}
