package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.testing.Python;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras team's own architectures (keras.applications, weights=None, logits, seeded BN moving
 * statistics and biases), saved by Keras 3.15.1 as .keras and legacy .h5, predict through
 * {@code fer4j predict --json} what Keras computes: max|Δ| ≤ 1e-4 · max|output| per image.
 * Logits, not softmax: untrained probabilities are near uniform and would hide errors.
 */
class KerasApplicationsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final double RELATIVE_TOLERANCE = 1e-4;

  @TempDir Path dir;

  @Test
  void applicationsPredictWhatKerasPredicts() throws Exception {
    System.out.print(Python.run("keras_write_applications.py", dir.toString()));
    JsonNode exp = JSON.readTree(dir.resolve("expected.json").toFile());
    String scale = exp.get("scale").asText();
    String offset = exp.get("offset").asText();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, JsonNode> e : exp.get("models").properties()) {
      for (String ext : List.of(".keras", ".h5")) {
        String file = e.getKey() + ext;
        List<String> args = new ArrayList<>(List.of("predict", "--model", dir.resolve(file).toString(), "--json", "--scale", scale, "--offset", offset));
        for (JsonNode img : e.getValue().get("images")) args.add(dir.resolve(img.asText()).toString());
        long t0 = System.nanoTime();
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        if (r.exit() != 0) {
          failures.add(file + ": exit " + r.exit() + ": " + r.err().strip());
          continue;
        }
        String[] lines = r.out().strip().split("\n");
        JsonNode want = e.getValue().get("outputs");
        assertThat(lines).as(file).hasSize(want.size());
        double worst = 0;
        for (int i = 0; i < lines.length; i++) {
          JsonNode got = JSON.readTree(lines[i]).get("outputs");
          assertThat(got).as(file + " line " + i + " has raw outputs: " + lines[i]).isNotNull();
          double d = relativeMaxDiff(got, want.get(i));
          worst = Math.max(worst, d);
          checked++;
        }
        System.out.printf("keras.applications %-26s max|Δ|/max|out| %.2e  (%.1f s)%n", file, worst, (System.nanoTime() - t0) / 1e9);
        if (!(worst <= RELATIVE_TOLERANCE)) failures.add(file + ": max|Δ|/max|output| " + worst);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isEqualTo(2 * 2 * exp.get("models").size());
  }

  /** max|got - want| / max|want| over one image's outputs. */
  static double relativeMaxDiff(JsonNode got, JsonNode want) {
    assertThat(got.size()).isEqualTo(want.size());
    double d = 0;
    double m = 0;
    for (int k = 0; k < want.size(); k++) {
      d = Math.max(d, Math.abs(got.get(k).asDouble() - want.get(k).asDouble()));
      m = Math.max(m, Math.abs(want.get(k).asDouble()));
    }
    assertThat(m).as("Keras' outputs are all zero: the comparison would be vacuous").isGreaterThan(0);
    return d / m;
  }
}
