package io.fer4j.keras;

import io.fer4j.saving.ModelFiles;
import io.fer4j.model.Model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import io.fer4j.model.Sequential;
import io.fer4j.testing.Python;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras functional models saved by Keras 3.15.1: residual DAGs predict the same; chains too. */
class FunctionalModelTest {
  @TempDir Path dir;

  @Test
  void functionalModelsSavedByKerasPredictTheSame() throws Exception {
    Python.run("keras_write_functional.py", dir.toString());
    JsonNode exp = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    int n = exp.get("n").asInt();
    float[] x = KerasPythonInteropTest.readFloats(dir.resolve("input.bin"));
    for (String f : List.of("residual.keras", "residual.h5")) {
      try (Model m = ModelFiles.load(dir.resolve(f))) {
        assertThat(m.layers().stream().filter(l -> l instanceof io.fer4j.layers.Merge || l instanceof io.fer4j.layers.Concatenate)).hasSize(3);
        double d = Inputs.maxAbsDiff(m.predict(x, n), KerasPythonInteropTest.rows(exp.get("residual")));
        System.out.printf("Keras functional %s: max|diff| %.3e%n", f, d);
        assertThat(d).isLessThanOrEqualTo(1e-4);
      }
    }
    for (String f : List.of("chain.keras", "chain.h5")) {
      try (Model m = ModelFiles.load(dir.resolve(f))) {
        double d = Inputs.maxAbsDiff(m.predict(x, n), KerasPythonInteropTest.rows(exp.get("chain")));
        System.out.printf("Keras functional chain %s as a model: max|diff| %.3e%n", f, d);
        assertThat(d).isLessThanOrEqualTo(1e-4);
        assertThat(m.isCompiled()).isTrue();
        assertThat(m.iterations()).isEqualTo(exp.get("iterations").asLong());
      }
    }
  }
}
