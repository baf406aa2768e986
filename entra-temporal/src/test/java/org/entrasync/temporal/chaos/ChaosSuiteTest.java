package org.entrasync.temporal.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chaos suite's fixed seeds, in the normal test run (one history on each writer path, and seed 6,
 * which kills the worker mid-activity; a history costs 5 to 30 s here). A longer campaign: {@code -Pchaos} (see {@link ChaosCampaign}).
 */
class ChaosSuiteTest {
  private static ChaosCampaign campaign;

  @BeforeAll
  static void start() {
    campaign = new ChaosCampaign(false);
  }

  @AfterAll
  static void stop() {
    campaign.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {2, 3, 6}) // 6 kills the worker mid-activity
  void aSeededHistoryKeepsEveryInvariantAndConverges(long seed) {
    ChaosCampaign.Verdict verdict = campaign.run(seed);
    campaign.report(verdict);
    if (verdict.failed()) {
      campaign.report(campaign.shrink(verdict, Duration.ofMinutes(3)));
    }
    assertThat(verdict.violations()).as("invariants of seed %d", seed).isEmpty();
    assertThat(verdict.divergence()).as("end state of seed %d against the same history without faults", seed).isEmpty();
  }
}
