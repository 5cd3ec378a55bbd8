package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict --model} decides the format from the file's content, not its name: Keras files
 * renamed to {@code .hdf5} or to no extension at all predict what Keras computes; files that are
 * not Keras models (a plain zip, a plain HDF5, a weights-only file) are refused in one line
 * naming the file.
 */
class ModelFileNamesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static JsonNode expected;

  @BeforeAll
  static void writeFiles() throws Exception {
    Python.run("keras_write_format_cases.py", dir.toString());
    expected = JSON.readTree(dir.resolve("expected.json").toFile());
  }

  static Cli.Run predict(Path model) {
    return Cli.run("predict", "--model", model.toString(), "--json", "--scale", expected.get("scale").asText(),
        "--offset", expected.get("offset").asText(), dir.resolve("image.png").toString());
  }

  @Test
  void kerasFilesLoadWhateverTheirName() throws Exception {
    List<Path> names = List.of(
        copy("model.h5", "fer_model.hdf5"), copy("model.h5", "legacy_model"),
        copy("model.keras", "keras_model"), copy("model.keras", "model.h5.keras.bak"), copy("model.keras", "zipped.h5"));
    for (Path p : names) {
      Cli.Run r = predict(p);
      assertThat(r.exit()).as(p + ": " + r.err()).isZero();
      JsonNode out = JSON.readTree(r.out()).get("outputs");
      JsonNode want = expected.get("outputs");
      assertThat(out).as(p + ": " + r.out()).hasSize(want.size());
      double max = 0;
      for (JsonNode v : want) max = Math.max(max, Math.abs(v.asDouble()));
      for (int k = 0; k < want.size(); k++) {
        assertThat(Math.abs(out.get(k).asDouble() - want.get(k).asDouble())).as(p + " output " + k).isLessThanOrEqualTo(1e-4 * max);
      }
    }
  }

  @Test
  void filesThatAreNotKerasModelsAreRefusedInOneLine() throws Exception {
    refused(dir.resolve("not_keras.zip"), "no config.json");
    refused(copy("not_keras.zip", "archive.keras"), "no config.json");
    refused(dir.resolve("plain.h5"), "not a Keras model file");
    refused(copy("plain.h5", "plain.hdf5"), "not a Keras model file");
    refused(dir.resolve("weights.weights.h5"), "weights-only");
    Path text = dir.resolve("notes.keras");
    Files.writeString(text, "not a model\n");
    refused(text, "not a model file");
  }

  static void refused(Path p, String problem) {
    Cli.Run r = predict(p);
    assertThat(r.exit()).as(p + " must be refused; out: " + r.out()).isNotZero();
    String err = r.err().strip();
    System.out.println("refused: " + err);
    assertThat(err.lines().count()).as(err).isEqualTo(1);
    assertThat(err).startsWith("fer4j: error: ").contains(p.toString(), problem).doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  static Path copy(String from, String to) throws Exception {
    return Files.copy(dir.resolve(from), dir.resolve(to), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
