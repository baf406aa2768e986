package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodedValues;
import java.time.Duration;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.internal.Payloads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleSpecFactoryTest {
  private static final MspTenantId ACME = MspTenantId.of("acme");

  @ParameterizedTest
  @CsvSource({"15", "60", "1440", "10080"})
  void runsTheScheduledAllTenantsSyncAtTheIntervalAndSkipsOverlaps(int minutes) {
    Schedule schedule = ScheduleSpecFactory.build(ACME, minutes, "queue-x");

    assertThat(schedule.getSpec().getIntervals()).singleElement()
        .satisfies(interval -> assertThat(interval.getEvery()).isEqualTo(Duration.ofMinutes(minutes)));
    assertThat(schedule.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);

    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("AllTenantsSyncWorkflow");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("queue-x");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("entrasync/acme/all");
    EncodedValues arguments = action.getArguments();
    arguments.setDataConverter(DefaultDataConverter.newDefaultInstance());
    assertThat(arguments.getSize()).isEqualTo(1);
    assertThat(arguments.get(0, Payloads.RunInput.class))
        .isEqualTo(new Payloads.RunInput("acme", "scheduled", null, false, ScheduleSpecFactory.SCHEDULE_ACTOR));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 14, 10081, -5})
  void refusesIntervalsOutsideTheSettingsRange(int minutes) {
    assertThatThrownBy(() -> ScheduleSpecFactory.build(ACME, minutes, "q")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "INITIAL, , false, entrasync/acme/initial",
    "ALL, , false, entrasync/acme/all",
    "SCHEDULED, , false, entrasync/acme/all",
    "CLIENT, c-1, false, entrasync/acme/client/c-1",
    "CLIENT, c-1, true, entrasync/acme/client/c-1/dry-run"
  })
  void workflowIdsAreDeterministic(org.entrasync.core.model.SyncKind kind, String clientId, boolean dryRun, String id) {
    assertThat(WorkflowIds.forSync(ACME, kind, clientId, dryRun)).isEqualTo(id);
    assertThat(WorkflowIds.tenant(ACME, org.entrasync.core.model.EntraTenantId.of("2A1C0E55-1111-4A11-8A11-000000000001")))
        .isEqualTo("entrasync/acme/tenant/2a1c0e55-1111-4a11-8a11-000000000001");
    assertThat(Payloads.RunInput.class.isRecord()).isTrue();
  }
}
