package io.fer4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretrained model found on the classpath: in a classpath folder, inside a jar, or missing. */
class PretrainedModelTest {
  static final Path SHIPPED = Path.of("savedmodels", "fer", "2");
  static final List<String> FILES = List.of("saved_model.pb", "fer4j.json", "variables/variables.index", "variables/variables.data-00000-of-00001");

  @Test
  void pretrainedPredictsAsTheShippedSavedModel() {
    float[] face = new float[48 * 48];
    for (int i = 0; i < face.length; i++) face[i] = ((i * 37) % 255) / 255f;
    try (ImageModel pre = FerModels.pretrained(); ImageModel shipped = Models.open(SHIPPED.toString())) {
      assertThat(pre.classes()).isEqualTo(FerModels.CLASSES);
      assertThat(pre.inputShape()).containsExactly(48, 48, 1);
      assertThat(pre.predict(face, 1)[0]).containsExactly(shipped.predict(face, 1)[0]);
    }
  }

  @Test
  void aModelInsideAJarIsCopiedToADirectory(@TempDir Path tmp) throws Exception {
    Path jar = tmp.resolve("fer4j-fer2013-model.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String f : FILES) {
        out.putNextEntry(new JarEntry(PretrainedModel.RESOURCE + f));
        Files.copy(SHIPPED.resolve(f), (OutputStream) out);
        out.closeEntry();
      }
    }
    try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Path dir = PretrainedModel.locate(cl);
      assertThat(dir).isNotEqualTo(SHIPPED.toAbsolutePath());
      for (String f : FILES) assertThat(Files.readAllBytes(dir.resolve(f))).as(f).isEqualTo(Files.readAllBytes(SHIPPED.resolve(f)));
    }
  }

  @Test
  void missingNamesTheArtifact() throws Exception {
    try (URLClassLoader cl = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> PretrainedModel.locate(cl)).isInstanceOf(Fer4jException.class)
          .hasMessage("the pretrained FER2013 model is not on the classpath: add io.fer4j:fer4j-fer2013-model (the same version as io.fer4j:fer4j) to your build");
    }
  }
}
