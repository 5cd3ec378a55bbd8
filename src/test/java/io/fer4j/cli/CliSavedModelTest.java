package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.savedmodel.LoadedSavedModel;
import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.TinyModel;
import io.fer4j.savedmodel.VersionDirs;
import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fer4j inspect} on every fixture SavedModel and {@code fer4j export} version handling. */
class CliSavedModelTest {
  @TempDir Path tmp;

  @Test
  void inspectShowsSignaturesOfEveryFixture() {
    record Case(String dir, String input, String inShape, String output, String outShape) {}
    for (Case c : List.of(
        new Case("keras3-fer112/savedmodel", "input_layer", "(-1, 112, 112, 1)", "output_0", "(-1, 8)"),
        new Case("keras2-mlp7/savedmodel", "dense_input", "(-1, 7)", "dense_5", "(-1, 1)"),
        new Case("tfkeras28-mobilenet/savedmodel", "sequential_input", "(-1, 160, 120, 1)", "model", "(-1, 5)"),
        new Case("tfkeras28-smile/savedmodel", "conv2d_input", "(-1, 64, 64, 1)", "dense_1", "(-1, 1)"))) {
      Cli.Run r = Cli.run("inspect", Requirements.fixture(c.dir()).toString());
      assertThat(r.exit()).as(r.err()).isZero();
      String o = r.out();
      assertThat(o).contains("MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:")
          .contains("signature_def['serving_default']:")
          .contains("inputs['" + c.input() + "'] tensor_info:\n        dtype: DT_FLOAT\n        shape: " + c.inShape())
          .contains("outputs['" + c.output() + "'] tensor_info:\n        dtype: DT_FLOAT\n        shape: " + c.outShape())
          .contains("Method name is: tensorflow/serving/predict");
    }
    Cli.Run keras3 = Cli.run("inspect", Requirements.fixture("keras3-fer112/savedmodel").toString());
    assertThat(keras3.out()).contains("signature_def['serve']:").contains("signature_def['__saved_model_init_op']:");
  }

  @Test
  void exportWritesNewVersionsAndNeverOverwrites() throws Exception {
    Path src = tmp.resolve("tiny");
    TinyModel.export(src).close();
    Path base = tmp.resolve("models/tiny");
    Cli.Run first = Cli.run("export", "--model", src.toString(), "--model-base-path", base.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    Cli.Run second = Cli.run("export", "--model", src.toString(), "--model-base-path", base.toString());
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("as version 2");
    assertThat(VersionDirs.list(base).keySet()).containsExactly(1L, 2L);
    assertThat(base.resolve("2/fer4j.json")).exists();
    try (Stream s = new Stream(base)) {
      assertThat(s.names()).containsExactlyInAnyOrder("1", "2"); // no temporaries left behind
    }

    Cli.Run again = Cli.run("export", "--model", src.toString(), "--model-base-path", base.toString(), "--version", "1");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("version 1 already exists");
    Cli.Run bad = Cli.run("export", "--model", tmp.resolve("missing").toString(), "--model-base-path", base.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip()).hasLineCount(1).contains("no such model file or directory");
    assertThat(VersionDirs.list(base).keySet()).containsExactly(1L, 2L);

    Cli.Run explicit = Cli.run("export", "--model", Requirements.fixture("keras2-mlp7/savedmodel").toString(), "--model-base-path", base.toString(), "--version", "7");
    assertThat(explicit.exit()).as(explicit.err()).isZero();
    try (LoadedSavedModel m = SavedModels.load(base.resolve("7"))) {
      assertThat(m.signature("serving_default").inputs()).containsOnlyKeys("dense_input");
    }
    assertThat(Cli.run("inspect", base.toString()).out()).contains("SavedModel " + base.resolve("7")).contains("dense_input");
  }

  @Test
  void exportSeedIsAServableSavedModel() {
    Path base = tmp.resolve("seed");
    Cli.Run r = Cli.run("export", "--model", "seed", "--model-base-path", base.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    try (LoadedSavedModel m = SavedModels.load(base.resolve("1"))) {
      assertThat(m.signature("serving_default").methodName()).isEqualTo("tensorflow/serving/predict");
      assertThat(m.signature("serving_default").outputs().get("output_0").shape()).containsExactly(-1, 7);
    }
  }

  @Test
  void serveRejectsBadFlagsInOneLine() throws Exception {
    Cli.Run none = Cli.run("serve", "--port", "0");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err().strip()).isEqualTo("fer4j: error: missing --model-base-path (or --model-config-file)");
    Path cfg = tmp.resolve("models.config");
    Files.writeString(cfg, "model_config_list { config { name: 'a' } }");
    Cli.Run both = Cli.run("serve", "--model-config-file", cfg.toString(), "--model-base-path", tmp.toString());
    assertThat(both.err().strip()).isEqualTo("fer4j: error: give either --model-config-file or --model-base-path, not both");
    Cli.Run bad = Cli.run("serve", "--model-config-file", cfg.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip()).isEqualTo("fer4j: error: " + cfg + ":1: config 'a' without base_path");
    Cli.Run missing = Cli.run("inspect", tmp.resolve("nothing").toString());
    assertThat(missing.err().strip()).isEqualTo("fer4j: error: " + tmp.resolve("nothing") + ": no such directory");
  }

  @Test
  void benchServeReportsRatesLatenciesAndFailures() {
    Cli.Run r = Cli.run("bench-serve", Requirements.fixture("keras2-mlp7/savedmodel").toString(), "--clients", "2", "--seconds", "1", "--direct-seconds", "0.5");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("http +[0-9.]+ req/s  p50 +[0-9.]+ ms  p99 +[0-9.]+ ms  requests [1-9][0-9]*  failures 0")
        .containsPattern("direct +[0-9.]+ req/s").contains("heap used after GC");
  }

  /** The names in a directory. */
  private static final class Stream implements AutoCloseable {
    private final java.util.stream.Stream<Path> s;
    Stream(Path dir) throws java.io.IOException { s = Files.list(dir); }
    List<String> names() { return s.map(p -> p.getFileName().toString()).toList(); }
    @Override public void close() { s.close(); }
  }

}
