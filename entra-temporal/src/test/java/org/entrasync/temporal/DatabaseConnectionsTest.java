package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pool a worker needs, from the fan-out window ({@link EntraTemporalConfig#databaseConnections}). */
class DatabaseConnectionsTest {

  @ParameterizedTest(name = "window {0}, {1} run(s) at once -> {2} connections")
  @CsvSource({
      "1,  1, 3",
      "4,  1, 6",
      "16, 1, 18",
      "4,  3, 16",
      "64, 1, 66",
  })
  void oneConnectionPerTenantInFlightPlusEachRunsBookkeepingPlusDiscovery(int window, int runs, int expected) {
    assertThat(EntraTemporalConfig.DEFAULTS.withFanOutWindow(window).databaseConnections(runs)).isEqualTo(expected);
  }

  @Test
  void noRunNeedsNoAnswer() {
    assertThatThrownBy(() -> EntraTemporalConfig.DEFAULTS.databaseConnections(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("At least one run");
  }
}
