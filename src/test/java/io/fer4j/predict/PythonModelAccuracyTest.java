package io.fer4j.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.testing.Python;
import io.fer4j.testing.Requirements;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FER2013 model trained by someone else in Python (keras2-fer48, whose notebook reports 46.1%
 * on the FER2013 test split after 10 epochs), exported by Python Keras as a SavedModel, evaluated
 * by fer4j on the 28,709 training faces: fer4j's accuracy equals Python's on the same images,
 * to the last image (same JPEG decoding, same scaling, same class order).
 */
class PythonModelAccuracyTest {
  @Test
  void fer4jEvaluateReproducesPythonKerasAccuracy(@TempDir Path tmp) throws Exception {
    Path h5 = Requirements.fixture("keras2-fer48/emotion_model.h5");
    Path data = Requirements.shared().resolve("data/fer2013/train");
    Path export = tmp.resolve("export");
    Path out = tmp.resolve("python.json");
    Python.run("export_h5_and_evaluate.py", h5.toString(), export.toString(), data.toString(), out.toString());
    JsonNode py = new ObjectMapper().readTree(out.toFile());

    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = io.fer4j.cli.Main.execute("evaluate", "--model", export.toString(), "--data", data.toString(),
          "--scale", String.valueOf(1.0 / 255), "--classes", "angry,disgust,fear,happy,neutral,sad,surprise", "--json");
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    JsonNode java = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
    assertThat(java.get("samples").asInt()).isEqualTo(28709).isEqualTo(py.get("samples").asInt());
    assertThat(java.get("accuracy").asDouble()).isEqualTo(py.get("accuracy").asDouble());
    assertThat(java.get("accuracy").asDouble()).isBetween(0.50, 0.54); // 0.5218 measured
  }
}
