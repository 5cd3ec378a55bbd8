package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.Sequential;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model without a final softmax (logits) prints its raw outputs under "outputs", unchanged and
 * not called probabilities, from a .keras file and from its SavedModel; a softmax model keeps
 * "probabilities"; evaluate scores logits as Keras' from_logits=True does.
 */
class RawOutputsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static float[] expectedLogits;
  static Path image;

  static Sequential model(String activation, List<float[]> weights) {
    Sequential m = new Sequential(new InputLayer(48, 48, 1), new Flatten(), new Dense(7, activation));
    m.setWeights(weights);
    return m;
  }

  @BeforeAll
  static void writeModels() throws Exception {
    Random r = new Random(5);
    float[] kernel = new float[48 * 48 * 7];
    for (int i = 0; i < kernel.length; i++) kernel[i] = (float) (r.nextGaussian() * 0.5);
    float[] bias = {0.5f, -1, 2, 0, -3, 1, 0.25f};
    List<float[]> w = List.of(kernel, bias);
    byte[] px = new byte[48 * 48];
    r.nextBytes(px);
    image = dir.resolve("face.png");
    Images.writeGrayPng(image, px, 48, 48);
    float[] x = new float[px.length];
    for (int i = 0; i < x.length; i++) x[i] = (px[i] & 0xff) * (1f / 255f);
    try (Sequential logits = model("linear", w); Sequential softmax = model("softmax", w)) {
      expectedLogits = logits.predict(x, 1)[0];
      logits.save(dir.resolve("logits.keras"));
      logits.exportSavedModel(dir.resolve("logits-savedmodel"));
      softmax.save(dir.resolve("softmax.keras"));
    }
  }

  @Test
  void logitsArePrintedRawUnderOutputs() throws Exception {
    for (String m : List.of("logits.keras", "logits-savedmodel")) {
      Cli.Run r = Cli.run("predict", "--model", dir.resolve(m).toString(), "--json", image.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode j = JSON.readTree(r.out());
      assertThat(j.has("probabilities")).as(m + ": " + r.out()).isFalse();
      JsonNode out = j.get("outputs");
      assertThat(out).as(m).hasSize(7);
      for (int k = 0; k < 7; k++) assertThat(out.get(k).floatValue()).as(m + " output " + k).isCloseTo(expectedLogits[k], within(1e-4f * Math.max(1f, Math.abs(expectedLogits[k]))));
      int best = 0;
      for (int k = 1; k < 7; k++) if (expectedLogits[k] > expectedLogits[best]) best = k;
      assertThat(j.get("label").asText()).isEqualTo(List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise").get(best));
    }
    float max = Float.NEGATIVE_INFINITY;
    float min = Float.POSITIVE_INFINITY;
    for (float v : expectedLogits) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    assertThat(max).as("the logits leave [0, 1], so renormalising would show").isGreaterThan(1);
    assertThat(min).isLessThan(0);
    Cli.Run text = Cli.run("predict", "--model", dir.resolve("logits.keras").toString(), image.toString());
    assertThat(text.out()).contains("raw outputs, not probabilities");
  }

  @Test
  void softmaxModelsKeepProbabilities() throws Exception {
    Cli.Run r = Cli.run("predict", "--model", dir.resolve("softmax.keras").toString(), "--json", image.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.has("outputs")).isFalse();
    double sum = 0;
    for (JsonNode p : j.get("probabilities")) sum += p.asDouble();
    assertThat(sum).isCloseTo(1, within(1e-5));
    assertThat(Cli.run("predict", "--model", dir.resolve("softmax.keras").toString(), image.toString()).out()).doesNotContain("raw outputs");
  }

  @Test
  void evaluateScoresLogitsAsTheSoftmaxModel() throws Exception {
    JsonNode[] ev = new JsonNode[2];
    String[] files = {"logits.keras", "softmax.keras"};
    for (int i = 0; i < 2; i++) {
      Cli.Run r = Cli.run("evaluate", "--model", dir.resolve(files[i]).toString(), "--data", "synthetic:70", "--json");
      assertThat(r.exit()).as(r.err()).isZero();
      ev[i] = JSON.readTree(r.out());
    }
    assertThat(ev[0].get("accuracy").asDouble()).isEqualTo(ev[1].get("accuracy").asDouble());
    assertThat(ev[0].get("loss").asDouble()).isCloseTo(ev[1].get("loss").asDouble(), within(1e-4));
    assertThat(ev[0].has("outputs")).isTrue();
    assertThat(ev[1].has("outputs")).isFalse();
  }
}
