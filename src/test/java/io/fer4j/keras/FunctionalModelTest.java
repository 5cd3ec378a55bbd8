package io.fer4j.keras;

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

/** Keras functional models saved by Keras 3.15.1: residual DAGs predict the same; chains load as Sequential. */
class FunctionalModelTest {
  @TempDir Path dir;

  @Test
  void functionalModelsSavedByKerasPredictTheSame() throws Exception {
    Python.run("keras_write_functional.py", dir.toString());
    JsonNode exp = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    int n = exp.get("n").asInt();
    float[] x = KerasPythonInteropTest.readFloats(dir.resolve("input.bin"));
    for (String f : List.of("residual.keras", "residual.h5")) {
      try (FunctionalModel m = KerasModels.loadFunctional(dir.resolve(f))) {
        assertThat(m.mergeCount()).isEqualTo(3);
        double d = Inputs.maxAbsDiff(m.predict(x, n), KerasPythonInteropTest.rows(exp.get("residual")));
        System.out.printf("Keras functional %s: max|diff| %.3e%n", f, d);
        assertThat(d).isLessThanOrEqualTo(1e-4);
      }
      Fer4jException e = catchThrowableOfType(Fer4jException.class, () -> KerasModels.load(dir.resolve(f)).close());
      assertThat(e).hasMessageContaining("loadFunctional");
    }
    for (String f : List.of("chain.keras", "chain.h5")) {
      try (Sequential m = KerasModels.load(dir.resolve(f))) {
        double d = Inputs.maxAbsDiff(m.predict(x, n), KerasPythonInteropTest.rows(exp.get("chain")));
        System.out.printf("Keras functional chain %s as Sequential: max|diff| %.3e%n", f, d);
        assertThat(d).isLessThanOrEqualTo(1e-4);
        assertThat(m.isCompiled()).isTrue();
        assertThat(m.iterations()).isEqualTo(exp.get("iterations").asLong());
      }
    }
  }
}
