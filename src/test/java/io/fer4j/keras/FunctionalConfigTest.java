package io.fer4j.keras;

import io.fer4j.model.Model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import org.junit.jupiter.api.Test;

/** tf.keras 2 functional configs (class "Model", legacy inbound_nodes) parse into the right DAG. */
class FunctionalConfigTest {
  static final String LEGACY = """
      {"class_name": "Model", "config": {"name": "model",
        "layers": [
          {"class_name": "InputLayer", "name": "input_1", "config": {"batch_input_shape": [null, 8, 8, 2], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}, "inbound_nodes": []},
          {"class_name": "Conv2D", "name": "conv2d", "config": {"name": "conv2d", "trainable": true, "dtype": "float32", "filters": 2, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true, "kernel_regularizer": null}, "inbound_nodes": [[["input_1", 0, 0, {}]]]},
          {"class_name": "Add", "name": "add", "config": {"name": "add", "trainable": true, "dtype": "float32"}, "inbound_nodes": [[["conv2d", 0, 0, {}], ["input_1", 0, 0, {}]]]},
          {"class_name": "Concatenate", "name": "concatenate", "config": {"name": "concatenate", "trainable": true, "dtype": "float32", "axis": -1}, "inbound_nodes": [[["add", 0, 0, {}], ["conv2d", 0, 0, {}]]]},
          {"class_name": "Flatten", "name": "flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}, "inbound_nodes": [[["concatenate", 0, 0, {}]]]},
          {"class_name": "Dense", "name": "dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": true}, "inbound_nodes": [[["flatten", 0, 0, {}]]]}
        ],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]}}
      """;

  @Test
  void legacyFunctionalConfigBuildsTheDag() throws Exception {
    try (Model m = Configs.model("legacy.h5", new ObjectMapper().readTree(LEGACY))) {
      assertThat(m.inputShape()).containsExactly(8, 8, 2);
      assertThat(m.outputShape()).containsExactly(3);
      assertThat(m.layers().stream().filter(l -> l instanceof io.fer4j.layers.Merge || l instanceof io.fer4j.layers.Concatenate)).hasSize(2);
      assertThat(m.countParams()).isEqualTo(3 * 3 * 2 * 2 + 2 + 8 * 8 * 4 * 3 + 3);
      float[][] p = m.predict(Inputs.pattern(2, 128), 2);
      assertThat(p[0][0] + p[0][1] + p[0][2]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
    }
  }

  @Test
  void mismatchedMergesAndForwardReferencesAreRefused() throws Exception {
    Fer4jException e;
    String badAdd = LEGACY.replace("[[[\"conv2d\", 0, 0, {}], [\"input_1\", 0, 0, {}]]]", "[[[\"conv2d\", 0, 0, {}], [\"input_1\", 0, 0, {}]]]")
        .replace("\"filters\": 2", "\"filters\": 5");
    e = catchThrowableOfType(Fer4jException.class, () -> Configs.model("y.h5", new ObjectMapper().readTree(badAdd)));
    assertThat(e).hasMessageContaining("y.h5").hasMessageContaining("Add").hasMessageContaining("incompatible shapes");
    String forward = LEGACY.replace("[[[\"input_1\", 0, 0, {}]]]", "[[[\"dense\", 0, 0, {}]]]");
    e = catchThrowableOfType(Fer4jException.class, () -> Configs.model("z.h5", new ObjectMapper().readTree(forward)));
    assertThat(e).hasMessageContaining("z.h5").hasMessageContaining("never computed");
  }
}
