package io.fer4j.cli;

import java.nio.file.Path;

/**
 * savedmodels/fer/2: the VGG variant trained on 40x40 crops (SGD Nesterov, cosine), with ten-crop
 * test-time augmentation inside the graph, so the plain serving_default signature scores it.
 */
class ShippedVggModelTest extends ShippedModelTest {
  @Override Path saved() { return Path.of("savedmodels", "fer", "2"); }
  @Override Path keras() { return Path.of("savedmodels", "fer", "fer_vgg_tencrop.keras"); }
  @Override long params() { return 4_695_495; }
  @Override double validationAccuracyAtLeast() { return 0.69; }
}
