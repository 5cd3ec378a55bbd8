package io.fer4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A short run of the issue-13 check (the 20 s, 16+16-client run is {@code bench-serve
 * savedmodels/fer/1 --clients 16 --bomb-clients 16 --hot-swap-at 7}, numbers in BENCHMARKS.md):
 * attackers posting the PNG bomb get 400 only, normal clients never fail, memory stays bounded,
 * and a version folder appearing mid-run goes live within about one poll.
 */
class HostileLoadTest {
  @Test
  void bombsAndAHotSwapUnderLoad() throws Exception {
    HostileLoadCheck.Result r = HostileLoadCheck.run(Path.of("savedmodels/fer/1"), 4, 4, 4, 1.5, 200, System.out::println);
    assertThat(r.normalRequests()).isGreaterThan(20);
    assertThat(r.normalFailures()).as("failed :predict requests %s", r.normal()).isZero();
    assertThat(r.bombs().keySet()).as("bomb statuses").containsExactly(400);
    assertThat(r.rssAboveIdleMib()).isLessThan(1536);
    assertThat(r.swapLiveS()).as("version 2 served").isPositive();
    assertThat(r.swapLiveS() - r.swapAppearedS()).isLessThan(2.0);
  }
}
