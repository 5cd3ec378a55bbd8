package io.fer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.data.Batch;
import io.fer4j.data.BatchPrefetcher;
import io.fer4j.data.ImageData;
import io.fer4j.layers.Activation;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.layers.Weight;
import io.fer4j.optimizers.Adam;
import io.fer4j.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strongest check of the training numerics: the same model, weights and batches trained by
 * Python Keras 3.15.1 (train_on_batch) and by fer4j must give the same losses, weights (BN
 * moving statistics with the biased variance, Adam with epsilon 1e-7) and predictions. Layers
 * feeding BatchNormalization have no bias, as is usual: such a bias gets only float-noise
 * gradients, which Adam scales up to noise-sized steps on both sides.
 */
class KerasTrainingParityTest {
  static Sequential model() {
    Sequential m = new Sequential(new InputLayer(8, 8, 1), new Conv2D(4, 3).padding("same").useBias(false), new BatchNormalization(),
        new Activation("relu"), new MaxPooling2D(2), new Flatten(), new Dense(8).useBias(false), new BatchNormalization(),
        new Activation("relu"), new Dense(3, "softmax"));
    m.seed(11).compile(new Adam(1e-2), "categorical_crossentropy", "accuracy");
    return m;
  }

  @Test
  void threeTrainStepsMatchKeras(@TempDir Path work) throws Exception {
    int batch = 16;
    int steps = 3;
    Random r = new Random(5);
    byte[] px = new byte[batch * steps * 64];
    r.nextBytes(px);
    int[] labels = new int[batch * steps];
    for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(3);
    ImageData data = new ImageData(px, 8, 8, 1, labels, List.of("a", "b", "c"), null);
    try (Sequential m = model()) {
      List<float[]> w0 = m.getWeights();
      List<Weight> ws = m.weights();
      ObjectMapper om = new ObjectMapper();
      var spec = om.createObjectNode();
      spec.putArray("input_shape").add(8).add(8).add(1);
      spec.put("classes", 3).put("learning_rate", 1e-2).put("steps", steps).put("batch", batch);
      var shapes = spec.putArray("weight_shapes");
      for (int i = 0; i < ws.size(); i++) {
        var s = shapes.addArray();
        for (long d : ws.get(i).shape()) s.add(d);
        Python.writeFloats(work.resolve("w" + i + ".bin"), w0.get(i));
      }
      Files.writeString(work.resolve("spec.json"), spec.toString());
      List<Float> javaLosses = new ArrayList<>();
      try (BatchPrefetcher bp = new BatchPrefetcher(data, Sequential.epochOrder(data.size(), 0, 0, false), batch, 1, 1)) {
        for (int b = 0; b < steps; b++) {
          try (Batch bt = bp.make(b)) {
            float[] x = new float[batch * 64];
            float[] y = new float[batch * 3];
            bt.x().copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(x, false, false));
            bt.y().copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(y, false, false));
            Python.writeFloats(work.resolve("x" + b + ".bin"), x);
            Python.writeFloats(work.resolve("y" + b + ".bin"), y);
            javaLosses.add(m.trainOnBatch(bt.x(), bt.y())[0]);
          }
        }
      }
      Python.run("keras_train_step.py", work.toString());
      JsonNode out = om.readTree(work.resolve("out.json").toFile());
      for (int b = 0; b < steps; b++) {
        assertThat((double) javaLosses.get(b)).as("loss of step %d", b).isCloseTo(out.get("losses").get(b).asDouble(), within(2e-4));
      }
      assertThat(m.iterations()).isEqualTo(out.get("iterations").asLong());
      List<float[]> w1 = m.getWeights();
      for (int i = 0; i < w1.size(); i++) {
        JsonNode k = out.get("weights").get(i);
        double maxDiff = 0;
        for (int j = 0; j < w1.get(i).length; j++) maxDiff = Math.max(maxDiff, Math.abs(w1.get(i)[j] - k.get(j).asDouble()));
        System.out.printf("max |java - keras| %s = %.3g%n", ws.get(i).path(), maxDiff);
        assertThat(maxDiff).as("weight %s after %d steps", ws.get(i).path(), steps).isLessThan(1e-4);
      }
      float[] x0 = new float[batch * 64];
      data.subset(new int[0]);
      for (int i = 0; i < batch; i++) data.copyInput(i, x0, i * 64);
      float[][] p = m.predict(x0, batch);
      for (int i = 0; i < batch; i++) {
        for (int j = 0; j < 3; j++) {
          assertThat((double) p[i][j]).isCloseTo(out.get("predictions").get(i).get(j).asDouble(), within(1e-4));
        }
      }
    }
  }
}
