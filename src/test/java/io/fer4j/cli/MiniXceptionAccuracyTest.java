package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.testing.Python;
import io.fer4j.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy FER model users bring most: mini_XCEPTION (L2-regularized kernels, SeparableConv2D,
 * residual Adds, 64x64 gray, pixel/127.5 - 1), trained briefly by Keras 3.15.1 and saved as a
 * legacy HDF5 file named {@code .hdf5}. {@code fer4j evaluate} on real FER2013 faces (48x48,
 * resized to 64 and held as 8-bit pixels, as fer4j's loader does) gives Keras' probabilities
 * face by face and exactly its accuracy. (The oracle once resized to float pixels: the trained
 * model then flipped 2 of 420 faces on one CPU, max |Δp| 1.7e-2, from input rounding alone.)
 */
class MiniXceptionAccuracyTest {
  @TempDir Path work;

  @Test
  void legacyHdf5MiniXceptionEvaluatesAsKeras() throws Exception {
    Path faces = FineTuneTest.subset(Requirements.shared().resolve("data/fer2013/train"), work.resolve("faces"), 60);
    Python.run("mini_xception.py", faces.toString(), work.toString());
    JsonNode py = new ObjectMapper().readTree(work.resolve("python.json").toFile());
    assertThat(py.get("regularization_losses").asInt()).as("the Keras model carries its L2 penalties").isPositive();
    Cli.Run r = Cli.run("evaluate", "--model", work.resolve("mini_xception.hdf5").toString(), "--data", faces.toString(),
        "--scale", String.valueOf(1 / 127.5), "--offset", "-1", "--interpolation", "bilinear", "--json", "--report", work.resolve("report").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode java = new ObjectMapper().readTree(r.out());
    List<String> rows = Files.readAllLines(work.resolve("report/predictions.csv"));
    double worst = 0;
    for (int i = 0; i < 420; i++) {
      String[] f = rows.get(i + 1).split(",");
      JsonNode want = py.get("probabilities").get(i);
      for (int j = 0; j < 7; j++) worst = Math.max(worst, Math.abs(Double.parseDouble(f[3 + j]) - want.get(j).asDouble()));
    }
    System.out.printf("mini_XCEPTION .hdf5 on %d FER2013 faces: fer4j %.4f, Keras %.4f, max|Δp| %.2e%n", java.get("samples").asInt(),
        java.get("accuracy").asDouble(), py.get("accuracy").asDouble(), worst);
    assertThat(java.get("samples").asInt()).isEqualTo(py.get("samples").asInt()).isEqualTo(420);
    assertThat(worst).as("max |fer4j - Keras| probability").isLessThanOrEqualTo(1e-5);
    assertThat(java.get("accuracy").asDouble()).isEqualTo(py.get("accuracy").asDouble());
  }
}
