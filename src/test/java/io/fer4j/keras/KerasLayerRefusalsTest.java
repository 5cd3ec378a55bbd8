package io.fer4j.keras;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.Fer4jException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options of the new layers that fer4j does not compute: one-line refusals naming the file, the layer class and the option. */
class KerasLayerRefusalsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "LayerNormalization | {\"rms_scaling\": true}                         | rms_scaling",
      "LayerNormalization | {\"gamma_regularizer\": {\"class_name\": \"MyPenalty\"}} | unsupported gamma_regularizer MyPenalty",
      "GroupNormalization | {\"groups\": 2, \"axis\": 1}                     | axis",
      "Resizing           | {\"height\": 4, \"width\": 4, \"pad_to_aspect_ratio\": true} | pad_to_aspect_ratio",
      "Resizing           | {\"height\": 4, \"width\": 4, \"interpolation\": \"lanczos3\"} | interpolation",
      "Resizing           | {\"height\": 4, \"width\": 4, \"antialias\": true} | antialias",
      "UpSampling2D       | {\"size\": 2, \"interpolation\": \"area\"}        | interpolation",
      "Conv2DTranspose    | {\"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 2} | dilation_rate",
      "Activation         | {\"activation\": \"glu\"}                         | activation",
      "Activation         | {\"activation\": \"threshold\"}                   | activation",
      "Normalization      | {\"mean\": [[1, 2]], \"variance\": [[1, 1]]}     | mean",
      "Normalization      | {\"mean\": 1.0}                                 | mean and variance",
      "RandomRotation     | {\"factor\": 0.1, \"fill_mode\": \"mirror\"}      | fill_mode",
      "RandomZoom         | {\"height_factor\": 0.1, \"interpolation\": \"bicubic\"} | interpolation",
      "RandomFlip         | {\"mode\": \"diagonal\"}                          | mode",
      "RandomContrast     | {\"factor\": 0.2, \"data_format\": \"channels_first\"} | data_format",
      "PReLU              | {\"alpha_constraint\": {\"class_name\": \"RadialConstraint\"}} | unsupported alpha_constraint RadialConstraint",
      "Dense              | {\"units\": 2, \"kernel_regularizer\": {\"class_name\": \"L2\", \"config\": {\"l2\": -1}}} | kernel_regularizer",
      "Dropout            | {\"rate\": 0.5, \"noise_shape\": \"auto\"}        | noise_shape",
      "SpectralNormalization | {}                                          | unsupported layer class",
  })
  void refusesWithFileClassAndOption(String cls, String config, String option) throws Exception {
    LayerConfig c = new LayerConfig("model.keras (config.json)", cls, new ObjectMapper().readTree(config));
    assertThatThrownBy(() -> KerasLayers.create(c)).isInstanceOf(Fer4jException.class)
        .hasMessageStartingWith("model.keras (config.json): layer " + cls)
        .hasMessageContaining(option)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @org.junit.jupiter.api.Test
  void readsTheRegularizersAndConstraintsItComputes() throws Exception {
    LayerConfig ln = new LayerConfig("m.keras", "LayerNormalization", new ObjectMapper().readTree(
        "{\"gamma_regularizer\": {\"class_name\": \"L2\", \"config\": {\"l2\": 0.003}}, \"beta_constraint\": \"non_neg\", \"activity_regularizer\": \"l1\"}"));
    io.fer4j.layers.Layer l = KerasLayers.create(ln);
    org.assertj.core.api.Assertions.assertThat(l.weightRegularizers()).containsEntry("gamma", new io.fer4j.regularizers.L2(0.003));
    org.assertj.core.api.Assertions.assertThat(l.weightConstraints()).containsEntry("beta", new io.fer4j.constraints.NonNeg());
    org.assertj.core.api.Assertions.assertThat(l.activityRegularizer()).isEqualTo(new io.fer4j.regularizers.L1(0.01));
    LayerConfig sep = new LayerConfig("m.keras", "SeparableConv2D", new ObjectMapper().readTree(
        "{\"filters\": 2, \"kernel_size\": 3, \"use_bias\": false, \"bias_regularizer\": \"l2\", \"pointwise_regularizer\": {\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.1, \"l2\": 0.2}}}"));
    io.fer4j.layers.Layer s = KerasLayers.create(sep);
    // no bias weight: Keras ignores its regularizer, so does fer4j
    org.assertj.core.api.Assertions.assertThat(s.weightRegularizers()).containsOnlyKeys("pointwise_kernel");
  }
}
