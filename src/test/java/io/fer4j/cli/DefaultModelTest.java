package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} without {@code --model} uses the pretrained model from the classpath (FerModels.pretrained's path): the highest shipped version. */
class DefaultModelTest {
  @Test
  void predictWithoutModelIsThePretrainedModel(@TempDir Path tmp) throws Exception {
    byte[] px = new byte[48 * 48];
    for (int i = 0; i < px.length; i++) px[i] = (byte) ((i * 53) % 251);
    Path face = tmp.resolve("face.png");
    Images.writeGrayPng(face, px, 48, 48);
    Cli.Run dflt = Cli.run("predict", "--json", face.toString());
    Cli.Run shipped = Cli.run("predict", "--json", "--model", "savedmodels/fer/2", face.toString());
    assertThat(dflt.exit()).as(dflt.err()).isZero();
    assertThat(dflt.out()).contains("\"probabilities\"").isEqualTo(shipped.out());
  }
}
