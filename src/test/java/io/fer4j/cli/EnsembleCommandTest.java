package io.fer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.SavedModelExport;
import io.fer4j.model.Sequential;
import io.fer4j.saving.ModelFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fer4j ensemble} from .keras members, which record no class names: --classes names the outputs. */
class EnsembleCommandTest {
  @TempDir Path dir;

  private Path member(String name, long seed) {
    Path p = dir.resolve(name + ".keras");
    try (Sequential m = new Sequential(name, new InputLayer(40, 40, 1))) {
      m.add(new Flatten());
      m.add(new Dense(3, "softmax"));
      m.seed(seed);
      ModelFiles.save(m, p);
    }
    return p;
  }

  @Test
  void classesAreRecordedWithTheSavedModelAndChecked() throws Exception {
    Path a = member("a", 1);
    Path b = member("b", 2);
    Path out = dir.resolve("sm");
    Cli.Run r = Cli.run("ensemble", "--model", a.toString(), "--model", b.toString(), "--tta", "tencrop", "--classes", "x,y,z", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ensemble of 2 model(s), tta tencrop", "20 member calls per image").doesNotContain("no class names");
    assertThat(SavedModelExport.readMetadata(out).get("classes").toString()).isEqualTo("[\"x\",\"y\",\"z\"]");

    r = Cli.run("ensemble", "--model", a.toString(), "--out", dir.resolve("plain").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("no class names: no member records them; give --classes");

    r = Cli.run("ensemble", "--model", a.toString(), "--classes", "x,y", "--out", dir.resolve("bad").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").endsWith("--classes: 2 names for the members' 3 outputs");
    assertThat(dir.resolve("bad")).doesNotExist();

    r = Cli.run("ensemble", "--model", out.toString(), "--classes", "p,q,r", "--keras", dir.resolve("bad.keras").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").endsWith("--classes p,q,r: the members record [x, y, z]");
  }
}
