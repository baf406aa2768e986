package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entrasync.core.rules.WizardState.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WizardStateTest {

  /** Each row: the state, the current step, and which steps are allowed (C, D, M, I). */
  @ParameterizedTest(name = "connected={0} discovered={1} confirmed={2} synced={3} -> {4}, allowed {5}")
  @CsvSource({
    "false, 0, 0, false, CONNECT,      C",
    "true,  0, 0, false, DISCOVER,     CD",
    "true,  3, 0, false, MAP,          CDM",
    "true,  3, 1, false, INITIAL_SYNC, CDMI",
    "true,  3, 1, true,  INITIAL_SYNC, CDMI",
    "false, 3, 1, true,  CONNECT,      CM",
    "false, 3, 0, false, CONNECT,      CM",
    "true,  0, 2, false, DISCOVER,     CDI",
  })
  void stepsAreGatedInOrder(boolean connected, int discovered, int confirmed, boolean synced, Step current, String allowed) {
    WizardState state = new WizardState(connected, discovered, confirmed, synced);

    assertThat(state.current()).isEqualTo(current);
    for (Step step : Step.values()) {
      boolean expectAllowed = allowed.indexOf(step.name().charAt(0)) >= 0;
      assertThat(state.blockerFor(step).isEmpty()).as(step.name()).isEqualTo(expectAllowed);
    }
  }

  @Test
  void blockersSayWhatToDo() {
    WizardState fresh = new WizardState(false, 0, 0, false);
    assertThat(fresh.blockerFor(Step.CONNECT)).isEmpty();
    assertThat(fresh.blockerFor(Step.DISCOVER)).hasValueSatisfying(m -> assertThat(m).contains("Connect"));
    assertThat(fresh.blockerFor(Step.MAP)).hasValueSatisfying(m -> assertThat(m).contains("discovery"));
    assertThat(new WizardState(true, 2, 0, false).blockerFor(Step.INITIAL_SYNC))
        .hasValueSatisfying(m -> assertThat(m).contains("at least one tenant mapping"));
  }

  @Test
  void completeOnlyAfterTheInitialSync() {
    assertThat(new WizardState(true, 1, 1, false).complete()).isFalse();
    assertThat(new WizardState(true, 1, 1, true).complete()).isTrue();
  }

  @Test
  void stepsHaveWireNames() {
    assertThat(Step.INITIAL_SYNC.wireName()).isEqualTo("initial_sync");
    assertThat(Step.values()).containsExactly(Step.CONNECT, Step.DISCOVER, Step.MAP, Step.INITIAL_SYNC);
  }

  @Test
  void countsCannotBeNegative() {
    assertThatThrownBy(() -> new WizardState(true, -1, 0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WizardState(true, 0, -1, false)).isInstanceOf(IllegalArgumentException.class);
  }
}
