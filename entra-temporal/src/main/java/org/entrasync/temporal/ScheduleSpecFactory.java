package org.entrasync.temporal;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.List;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.SystemActor;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.internal.Payloads;
import org.entrasync.temporal.internal.Workflows;

/**
 * Builds the recurring all-tenants sync of one MSP tenant as a Temporal schedule: every {@code
 * interval} minutes, start the all-tenants workflow with the scheduled input; skip a tick while the
 * previous run is still going. Pure: no client, no clock.
 */
public final class ScheduleSpecFactory {
  /** Who the schedule records as the initiator of its runs ({@link SystemActor#SCHEDULE}). */
  public static final String SCHEDULE_ACTOR = SystemActor.SCHEDULE.id();

  private ScheduleSpecFactory() {}

  public static Schedule build(MspTenantId msp, int intervalMinutes, String taskQueue) {
    if (intervalMinutes < SyncSettings.MIN_INTERVAL_MINUTES || intervalMinutes > SyncSettings.MAX_INTERVAL_MINUTES) {
      throw new IllegalArgumentException("Sync interval must be between " + SyncSettings.MIN_INTERVAL_MINUTES
          + " and " + SyncSettings.MAX_INTERVAL_MINUTES + " minutes; got " + intervalMinutes);
    }
    ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(Workflows.AllTenantsSyncWorkflow.class)
        .setArguments(new Payloads.RunInput(msp.value(), SyncKind.SCHEDULED.wireName(), null, false, SCHEDULE_ACTOR))
        .setOptions(WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.allTenants(msp))
            .setTaskQueue(taskQueue)
            .build())
        .build();
    return Schedule.newBuilder()
        .setAction(action)
        .setSpec(ScheduleSpec.newBuilder()
            .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofMinutes(intervalMinutes))))
            .build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .build())
        .build();
  }
}
