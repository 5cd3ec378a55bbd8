package io.fer4j.cli;

import java.nio.file.Path;

/** savedmodels/fer/1: the notebook's seed CNN (Adam), 66.76% on the held-out tenth. */
class ShippedSeedModelTest extends ShippedModelTest {
  @Override Path saved() { return Path.of("savedmodels", "fer", "1"); }
  @Override Path keras() { return Path.of("savedmodels", "fer", "fer_seed.keras"); }
  @Override long params() { return 4_388_735; }
  @Override double validationAccuracyAtLeast() { return 0.66; }
}
