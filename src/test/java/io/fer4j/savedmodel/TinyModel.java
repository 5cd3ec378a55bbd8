package io.fer4j.savedmodel;

import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.InputLayer;
import io.fer4j.model.Sequential;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** A seconds-fast fer4j model (8x8x1 → conv → dense softmax over 3 classes) for export/serving tests. */
public final class TinyModel {
  public static final int SIZE = 8;
  public static final List<String> CLASSES = List.of("neg", "neutral", "pos");

  private TinyModel() {}

  public static Sequential build() {
    Sequential m = new Sequential("tiny", new InputLayer(SIZE, SIZE, 1));
    m.add(new Conv2D(4, 3).padding("same"));
    m.add(new Flatten());
    m.add(new Dense(3, "softmax"));
    m.seed(7);
    m.build();
    m.setClassNames(CLASSES);
    return m;
  }

  /** Exports a fresh tiny model to dir and returns it (the caller closes it). */
  public static Sequential export(Path dir) {
    Sequential m = build();
    m.exportSavedModel(dir);
    return m;
  }

  public static float[] input(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * SIZE * SIZE];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
    return x;
  }
}
