package io.fer4j;

import io.fer4j.data.ImageData;
import io.fer4j.model.FitConfig;
import io.fer4j.model.Sequential;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void trains() {
    Sequential m = FerModels.seed();
    System.out.println(m.summary());
    int n = 640;
    byte[] px = new byte[n * 48 * 48];
    new Random(1).nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) labels[i] = i % 7;
    ImageData d = new ImageData(px, 48, 48, 1, labels, FerModels.CLASSES, null);
    long t0 = System.nanoTime();
    m.fit(d, d.subset(new int[] {0, 1, 2, 3}), new FitConfig().epochs(2).batchSize(64).verbose(2));
    System.out.println("img/s " + 2 * n / ((System.nanoTime() - t0) / 1e9) + " wait " + m.lastDataWaitSeconds() + " step " + m.lastStepSeconds());
    System.out.println("iter " + m.iterations());
  }
}
