package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.layers.Activation;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Dropout;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.model.Model;
import org.junit.jupiter.api.Test;

/** Whether a model ends in softmax, seen through dropout and nested models; rows judged by value. */
class OutputKindTest {
  static Model head(String activation) {
    KerasTensor i = Input.of(4);
    return new Model("head", i, new Dense(3, activation).apply(i));
  }

  @Test
  void lastLayerDecidesThroughDropoutAndNestedModels() {
    KerasTensor i = Input.of(6);
    KerasTensor x = new Dense(4).apply(i);
    try (Model nestedSoftmax = new Model("outer", i, head("softmax").apply(x))) {
      assertThat(OutputKind.endsInSoftmax(nestedSoftmax)).isTrue();
    }
    KerasTensor j = Input.of(6);
    try (Model nestedLogits = new Model("outer", j, head("linear").apply(new Dense(4).apply(j)))) {
      assertThat(OutputKind.endsInSoftmax(nestedLogits)).isFalse();
    }
    KerasTensor k = Input.of(6);
    try (Model dropped = new Model("m", k, new Dropout(0.5).apply(new Activation("softmax").apply(new Dense(3).apply(k))))) {
      assertThat(OutputKind.endsInSoftmax(dropped)).isTrue();
    }
    KerasTensor l = Input.of(6);
    try (Model reluAfterSoftmax = new Model("m", l, new Activation("relu").apply(new Dense(3, "softmax").apply(l)))) {
      assertThat(OutputKind.endsInSoftmax(reluAfterSoftmax)).isFalse();
    }
  }

  @Test
  void rowsAreProbabilitiesOnlyWhenNonNegativeAndSummingToOne() {
    assertThat(OutputKind.looksLikeProbabilities(new float[] {0.2f, 0.3f, 0.5f})).isTrue();
    assertThat(OutputKind.looksLikeProbabilities(new float[] {0.2f, 0.3f, 0.4f})).isFalse();
    assertThat(OutputKind.looksLikeProbabilities(new float[] {1.5f, -0.5f})).isFalse();
    assertThat(OutputKind.looksLikeProbabilities(new float[] {Float.NaN, 1f})).isFalse();
    float[] p = OutputKind.softmax(new float[] {1000, 1000, -1000});
    assertThat(p).containsExactly(0.5f, 0.5f, 0f);
  }
}
