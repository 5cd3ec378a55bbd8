package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.model.Model;
import io.fer4j.optimizers.SGD;
import io.fer4j.saving.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SOTA FER recipe's optimizer from the command line: {@code train --optimizer sgd --momentum
 * 0.9 --nesterov --weight-decay 1e-4} trains the seed CNN end to end, writes SGD's config and
 * momentum slots into my_model.keras, and a second run from that file keeps its compiled
 * optimizer and step count when no flag overrides it; {@code --ema} is Keras' use_ema with
 * SwapEMAWeights. Bad combinations are one-line errors.
 */
class CliOptimizerTest {
  @TempDir Path tmp;

  @Test
  void sgdNesterovWithWeightDecayTrainsAndIsKeptByTheNextRun() throws Exception {
    Path run = tmp.resolve("sgd");
    Cli.Run r = Cli.run("train", "--data", "synthetic:96", "--epochs", "1", "--batch-size", "32", "--optimizer", "sgd",
        "--momentum", "0.9", "--nesterov", "--weight-decay", "1e-4", "--learning-rate", "0.01", "--out", run.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("optimizer: SGD(learning_rate=0.0100, momentum=0.9, nesterov=true, weight_decay=1.0E-4)");
    Path last = run.resolve("my_model.keras");
    try (ZipFile z = new ZipFile(last.toFile())) {
      JsonNode opt = new ObjectMapper().readTree(z.getInputStream(z.getEntry("config.json"))).path("compile_config").path("optimizer");
      assertThat(opt.path("class_name").asText()).isEqualTo("SGD");
      assertThat(opt.path("config").path("nesterov").asBoolean()).isTrue();
      assertThat(opt.path("config").path("momentum").asDouble()).isEqualTo(0.9);
      assertThat(opt.path("config").path("weight_decay").asDouble()).isEqualTo(1e-4);
    }
    long steps;
    try (Model m = ModelFiles.load(last)) {
      assertThat(m.optimizer()).isInstanceOf(SGD.class);
      steps = m.iterations();
      assertThat(steps).isEqualTo(3); // 86 training faces / 32
      assertThat(m.optimizerSlots()).hasSize(m.trainableWeights().size()).anySatisfy(s -> assertThat(s).isNotEqualTo(new float[s.length]));
    }
    Path again = tmp.resolve("again");
    Cli.Run r2 = Cli.run("train", "--data", "synthetic:96", "--epochs", "1", "--initial-model", last.toString(), "--out", again.toString());
    assertThat(r2.exit()).as(r2.err()).isZero();
    assertThat(r2.out()).contains("optimizer: SGD(learning_rate=0.0100, momentum=0.9, nesterov=true, weight_decay=1.0E-4) (the model file's compile config, from step 3)");
    try (Model m = ModelFiles.load(again.resolve("my_model.keras"))) {
      assertThat(m.iterations()).isEqualTo(steps + 3);
    }
  }

  @Test
  void emaKeepsMovingAveragesAsKerasUseEmaAndValidatesWithThem() throws Exception {
    Path run = tmp.resolve("ema");
    Cli.Run r = Cli.run("train", "--data", "synthetic:96", "--epochs", "2", "--batch-size", "32", "--optimizer", "sgd",
        "--momentum", "0.9", "--ema", "0.9", "--out", run.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("optimizer: SGD(learning_rate=0.0100, momentum=0.9, nesterov=false, use_ema=true, ema_momentum=0.9)");
    for (String f : new String[] {"my_model.keras", "model_weights.keras"}) {
      try (ZipFile z = new ZipFile(run.resolve(f).toFile())) {
        JsonNode opt = new ObjectMapper().readTree(z.getInputStream(z.getEntry("config.json"))).path("compile_config").path("optimizer").path("config");
        assertThat(opt.path("use_ema").asBoolean()).as(f).isTrue();
        assertThat(opt.path("ema_momentum").asDouble()).as(f).isEqualTo(0.9);
      }
      try (Model m = ModelFiles.load(run.resolve(f))) {
        assertThat(m.optimizer().useEma()).isTrue();
        assertThat(m.optimizerSlots()).as(f + ": an average and a momentum per trainable weight").hasSize(2 * m.trainableWeights().size());
      }
    }
    Cli.Run bad = Cli.run("train", "--data", "synthetic:40", "--epochs", "1", "--optimizer", "sgd", "--ema", "1.5", "--out", tmp.resolve("bad").toString());
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err().strip()).isEqualTo("fer4j: error: SGD: ema_momentum must be in the range [0, 1], got 1.5");
  }

  @Test
  void inconsistentOptimizerFlagsAreOneLineErrors() {
    Cli.Run r = Cli.run("train", "--data", "synthetic:40", "--epochs", "1", "--optimizer", "adam", "--momentum", "0.9", "--out", tmp.resolve("x").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip()).isEqualTo("fer4j: error: --momentum applies to --optimizer sgd or rmsprop only");
    Cli.Run r2 = Cli.run("train", "--data", "synthetic:40", "--epochs", "1", "--optimizer", "lamb", "--out", tmp.resolve("y").toString());
    assertThat(r2.err().strip()).startsWith("fer4j: error: unknown optimizer 'lamb'");
    Cli.Run r3 = Cli.run("train", "--data", "synthetic:40", "--epochs", "1", "--optimizer", "sgd", "--clipnorm", "1", "--clipvalue", "1", "--out", tmp.resolve("z").toString());
    assertThat(r3.err().strip()).startsWith("fer4j: error: SGD: only one of clipnorm, clipvalue and global_clipnorm");
  }
}
