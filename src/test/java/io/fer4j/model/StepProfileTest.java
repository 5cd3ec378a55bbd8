package io.fer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** bench train --profile: a traced step names the kernels that ran, and the step still trains. */
class StepProfileTest {
  @Test
  void tracesConvolutionPoolingAndAdamKernelsOfOneStep() {
    try (Sequential m = new Sequential(new InputLayer(8, 8, 1), new Conv2D(4, 3).padding("same"), new MaxPooling2D(2), new Flatten(), new Dense(3, "softmax"));
         TFloat32 x = TFloat32.tensorOf(Shape.of(2, 8, 8, 1), DataBuffers.of(new float[128], false, false));
         TFloat32 y = TFloat32.tensorOf(Shape.of(2, 3), DataBuffers.of(new float[] {1, 0, 0, 0, 1, 0}, false, false));
         TFloat32 w = TFloat32.tensorOf(Shape.of(2), DataBuffers.of(new float[] {1, 1}, false, false))) {
      m.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
      StepProfile p = StepProfile.trace(m, x, y, w);
      assertThat(m.iterations()).isEqualTo(1);
      assertThat(p.entries()).extracting(StepProfile.Entry::opType)
          .anyMatch(t -> t.contains("Conv2D")).anyMatch(t -> t.contains("MaxPool")).contains("ApplyAdam");
      // MaxPooling2D is the attribute-form MaxPool that oneDNN rewrites, not MaxPoolV2
      assertThat(p.entries()).extracting(StepProfile.Entry::opType).noneMatch(t -> t.startsWith("MaxPoolV2") || t.startsWith("MaxPoolGradV2"));
      assertThat(p.nodes()).isNotEmpty();
      assertThat(p.table(5)).contains("op type", "node", "kernel time");
    }
  }
}
