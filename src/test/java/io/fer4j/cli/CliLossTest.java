package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.losses.SparseCategoricalCrossentropy;
import io.fer4j.model.Model;
import io.fer4j.saving.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --loss sparse_categorical_crossentropy --metrics accuracy,sparse_top_k_categorical_accuracy,auc
 * --monitor val_sparse_top_k_categorical_accuracy} end to end: the metrics are logged (val_ too) in
 * history.csv, the file's compile_config names them, the model loads compiled, and evaluate
 * reports them. A metric that cannot read the loss's labels is a one-line error.
 */
class CliLossTest {
  @TempDir Path tmp;

  @Test
  void sparseLossWithMetricsTrainsLogsAndEvaluates() throws Exception {
    Path run = tmp.resolve("sparse");
    Cli.Run r = Cli.run("train", "--data", "synthetic:96", "--epochs", "1", "--batch-size", "32", "--loss", "sparse_categorical_crossentropy",
        "--metrics", "accuracy,sparse_top_k_categorical_accuracy", "--monitor", "val_sparse_top_k_categorical_accuracy", "--out", run.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("sparse_top_k_categorical_accuracy: ", "val_sparse_top_k_categorical_accuracy: ");
    List<String> csv = Files.readAllLines(run.resolve("history.csv"));
    assertThat(csv.get(0)).isEqualTo("epoch,accuracy,learning_rate,loss,sparse_top_k_categorical_accuracy,val_accuracy,val_loss,val_sparse_top_k_categorical_accuracy");
    try (ZipFile z = new ZipFile(run.resolve("my_model.keras").toFile())) {
      JsonNode cc = new ObjectMapper().readTree(z.getInputStream(z.getEntry("config.json"))).path("compile_config");
      assertThat(cc.path("loss").asText()).isEqualTo("sparse_categorical_crossentropy");
      assertThat(cc.path("metrics").toString()).isEqualTo("[\"accuracy\",\"sparse_top_k_categorical_accuracy\"]");
    }
    try (Model m = ModelFiles.load(run.resolve("my_model.keras"))) {
      assertThat(m.compilation().loss()).isInstanceOf(SparseCategoricalCrossentropy.class);
    }
    Cli.Run ev = Cli.run("evaluate", "--model", run.resolve("my_model.keras").toString(), "--data", "synthetic:64", "--json");
    assertThat(ev.exit()).as(ev.err()).isZero();
    JsonNode o = new ObjectMapper().readTree(ev.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(o.path("compiled").path("sparse_top_k_categorical_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(o.path("compiled").path("accuracy").asDouble()).isEqualTo(o.path("accuracy").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void aMetricThatCannotReadTheLabelsIsAOneLineError() {
    Cli.Run r = Cli.run("train", "--data", "synthetic:40", "--epochs", "1", "--loss", "sparse_categorical_crossentropy", "--metrics", "categorical_accuracy", "--out", tmp.resolve("x").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip()).isEqualTo("fer4j: error: metric categorical_accuracy (CategoricalAccuracy) cannot read the sparse labels of loss sparse_categorical_crossentropy");
    Cli.Run bad = Cli.run("train", "--data", "synthetic:40", "--epochs", "1", "--loss", "kld", "--out", tmp.resolve("y").toString());
    assertThat(bad.err().strip()).startsWith("fer4j: error: unsupported loss 'kld' (supported: ");
  }
}
