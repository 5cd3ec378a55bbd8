package io.fer4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.model.Sequential;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written .keras has the layout Keras 3.3–3.15 accept (spec §1.9), checked without Python:
 * member order and STORED entries, only config keys that Keras 3.0 already knew, the root vars
 * group, a group per layer, int64 iterations.
 */
class KerasSaverTest {
  @TempDir Path dir;

  @Test
  void layoutIsTheVersionNeutralOne() throws Exception {
    Path f = dir.resolve("m.keras");
    try (Sequential m = KerasPythonInteropTest.smallModel()) {
      KerasPythonInteropTest.trainSteps(m, 1);
      m.save(f);
    }
    try (ZipFile z = new ZipFile(f.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(z.entries());
      assertThat(entries).extracting(ZipEntry::getName).containsExactly("metadata.json", "config.json", "model.weights.h5");
      assertThat(entries).allMatch(e -> e.getMethod() == ZipEntry.STORED);
      String cfg = new String(z.getInputStream(z.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8);
      for (String later : List.of("\"ragged\"", "\"optional\"", "\"quantization_config\"", "\"renorm", "\"input_axes\"",
          "\"gradient_accumulation_steps\"", "\"loss_scale_factor\"", "DTypePolicy", "shared_object_id")) {
        assertThat(cfg).as("key %s is unknown to Keras 3.0-3.3", later).doesNotContain(later);
      }
      assertThat(cfg).contains("\"batch_shape\":[null,12,12,1]", "\"dtype\":\"float32\"", "\"compile_config\"",
          "\"class_name\":\"Adam\"", "\"loss\":\"categorical_crossentropy\"");
      byte[] h5 = z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes();
      try (HdfFile h = HdfFile.fromBytes(h5)) {
        assertThat(((Group) h.getChild("vars")).getChildren()).isEmpty();
        Group layers = (Group) h.getChild("layers");
        assertThat(layers.getChildren().keySet()).containsExactlyInAnyOrder("conv2d", "batch_normalization", "activation",
            "max_pooling2d", "dropout", "conv2d_1", "flatten", "dense", "batch_normalization_1", "activation_1", "dense_1");
        assertThat(((Group) ((Group) layers.getChild("dropout")).getChild("vars")).getChildren()).isEmpty();
        assertThat(((Group) ((Group) layers.getChild("batch_normalization")).getChild("vars")).getChildren()).hasSize(4);
        Group opt = (Group) ((Group) h.getChild("optimizer")).getChild("vars");
        Dataset it = (Dataset) opt.getChild("0");
        assertThat(it.isScalar()).isTrue();
        assertThat(it.getJavaType()).isIn(long.class, Long.class);
        assertThat(it.getData()).isEqualTo(1L);
        // iterations, learning_rate, then m and v for 12 trainable weights (kernels, biases, gammas, betas)
        assertThat(opt.getChildren()).hasSize(2 + 2 * 12);
      }
    }
    assertThat(Files.list(dir)).as("no temporary files left").containsExactly(f);
  }
}
