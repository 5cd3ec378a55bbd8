package io.fer4j.cli;

import java.nio.file.Path;

/**
 * savedmodels/fer/2: two VGG variants trained on 40x40 crops (SGD Nesterov, cosine; other seeds, the
 * same held-out faces), averaged over ten crops each inside the graph, so the plain serving_default
 * signature scores the ensemble (0.7014 on the held-out tenth).
 */
class ShippedVggModelTest extends ShippedModelTest {
  @Override Path saved() { return Path.of("savedmodels", "fer", "2"); }
  @Override Path keras() { return Path.of("savedmodels", "fer", "fer_vgg_tencrop.keras"); }
  @Override long params() { return 9_390_990; }
  @Override double validationAccuracyAtLeast() { return 0.70; }
}
