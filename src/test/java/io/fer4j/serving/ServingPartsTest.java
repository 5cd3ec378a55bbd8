package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.Fer4jException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's pieces without HTTP: config file parsing, routes, admission limits. */
class ServingPartsTest {
  @Test
  void parsesTfServingModelConfig() {
    String text = """
        # two models
        model_config_list {
          config {
            name: 'fer'
            base_path: "/models/fer"
            model_platform: 'tensorflow'
            model_version_policy { specific { versions: 1 versions: 3 } }
            version_labels { key: 'stable' value: 1 }
            version_labels { key: 'canary' value: 3 }
          }
          config: { name: "tiny", base_path: "rel/tiny" }
        }
        """;
    List<ModelConfig> c = ModelConfigFile.parse(Path.of("/etc/fer4j/models.config"), text);
    assertThat(c).hasSize(2);
    assertThat(c.get(0)).isEqualTo(new ModelConfig("fer", Path.of("/models/fer"), 1, List.of(1L, 3L), Map.of("stable", 1L, "canary", 3L)));
    assertThat(c.get(1)).isEqualTo(ModelConfig.latest("tiny", Path.of("/etc/fer4j/rel/tiny")));
  }

  @Test
  void rejectsBadConfigsWithTheLine() {
    assertThatThrownBy(() -> ModelConfigFile.parse(Path.of("m.cfg"), "model_config_list {\n config { name: 'a' }\n}"))
        .isInstanceOf(Fer4jException.class).hasMessage("m.cfg:2: config 'a' without base_path");
    assertThatThrownBy(() -> ModelConfigFile.parse(Path.of("m.cfg"), "model_config_list {\n config { name: 'a' base_path: '/x' model_platform: 'pytorch' }}"))
        .hasMessageContaining("m.cfg:2: model_platform 'pytorch' is not supported");
    assertThatThrownBy(() -> ModelConfigFile.parse(Path.of("m.cfg"), "model_config_list { config { name: 'a\n' } }"))
        .hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> ModelConfigFile.parse(Path.of("m.cfg"), "model_config_list { config { name: 'a' base_path: '/x' evil: 1 } }"))
        .hasMessageContaining("unknown field 'evil'");
    assertThatThrownBy(() -> ModelConfigFile.parse(Path.of("m.cfg"), "model_config_list { config { name: 'a' base_path: '/x' }"))
        .hasMessageContaining("unexpected end of file");
    assertThatThrownBy(() -> ModelConfigFile.parse(Path.of("m.cfg"), "model_config_list { config { name: 'a' base_path: '/x' } config { name: 'a' base_path: '/y' } }"))
        .hasMessageContaining("configured twice");
  }

  @Test
  void routesFollowTfServingPaths() {
    assertThat(Route.parse("GET", "/v1/models/fer")).isEqualTo(new Route("fer", null, null, "status"));
    assertThat(Route.parse("GET", "/v1/models/fer/versions/12/metadata")).isEqualTo(new Route("fer", 12L, null, "metadata"));
    assertThat(Route.parse("GET", "/v1/models/fer/labels/stable")).isEqualTo(new Route("fer", null, "stable", "status"));
    assertThat(Route.parse("POST", "/v1/models/fer/labels/stable:predict")).isEqualTo(new Route("fer", null, "stable", "predict"));
    assertThat(Route.parse("POST", "/v1/models/fer:predictImage")).isEqualTo(new Route("fer", null, null, "predictImage"));
    assertThat(Route.parse("POST", "/v1/models/fer")).isNull();
    assertThat(Route.parse("GET", "/v1/models/fer/versions/x")).isNull();
  }

  @Test
  void admissionRefusesBeyondWorkersPlusQueue() throws Exception {
    Admission a = new Admission(1, 1);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread busy = new Thread(() -> a.run(() -> { running.countDown(); await(release); return 0; }));
    busy.start();
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    Thread queued = new Thread(() -> a.run(() -> 1)); // waits for the worker: holds the queue slot
    queued.start();
    long deadline = System.currentTimeMillis() + 5000;
    while (queued.getState() != Thread.State.WAITING && System.currentTimeMillis() < deadline) Thread.sleep(5);
    assertThatThrownBy(() -> a.run(() -> 2)).isInstanceOf(ServingException.class)
        .satisfies(e -> assertThat(((ServingException) e).status()).isEqualTo(503));
    release.countDown();
    busy.join();
    queued.join();
    assertThat(a.run(() -> 3)).isEqualTo(3);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
