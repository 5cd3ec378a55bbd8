package io.fer4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.layers.Conv2D;
import io.fer4j.model.Sequential;
import org.junit.jupiter.api.Test;

/** The VGG variant's width multiplier: filters per stage and the parameter counts it gives. */
class VggWidthTest {
  @Test
  void fullWidthIsThePaperStagesAndThreeQuartersRoundsToMultiplesOfEight() {
    try (Sequential full = FerModels.vggArchitecture(40, 7, 0.3); Sequential narrow = FerModels.vggArchitecture(40, 7, 0.3, 0.75)) {
      assertThat(filters(full)).containsExactly(64, 64, 128, 128, 256, 256, 512, 512);
      assertThat(filters(narrow)).containsExactly(48, 48, 96, 96, 192, 192, 384, 384);
      // conv kernels + biases, BN gamma/beta/mean/variance, Dense 7 on the pooled features
      assertThat(full.countParams()).isEqualTo(4_695_495L);
      assertThat(narrow.countParams()).isEqualTo(2_643_799L);
    }
    try (Sequential odd = FerModels.vggArchitecture(40, 7, 0.3, 0.7)) {
      assertThat(filters(odd)).containsExactly(48, 48, 88, 88, 176, 176, 360, 360);
    }
  }

  @Test
  void refusesAWidthThatIsNotPositive() {
    assertThatThrownBy(() -> FerModels.vggArchitecture(40, 7, 0.3, 0)).hasMessage("vgg width must be in (0, 4], got 0.0");
  }

  private static int[] filters(Sequential m) {
    return m.layers().stream().filter(l -> l instanceof Conv2D).mapToInt(l -> ((Conv2D) l).filters()).toArray();
  }
}
