package org.entrasync.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;

/** One Temporal schedule per MSP tenant, built by {@link ScheduleSpecFactory}. */
public final class TemporalScheduleGateway implements ScheduleGateway {
  private final ScheduleClient schedules;
  private final EntraTemporalConfig config;

  public TemporalScheduleGateway(ScheduleClient schedules, EntraTemporalConfig config) {
    this.schedules = Objects.requireNonNull(schedules, "schedules");
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public void upsertSchedule(MspTenantId msp, int intervalMinutes) {
    var schedule = ScheduleSpecFactory.build(msp, intervalMinutes, config.taskQueue());
    String id = WorkflowIds.schedule(msp);
    try {
      try {
        schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
      } catch (ScheduleAlreadyRunningException exists) {
        schedules.getHandle(id).update(input -> new ScheduleUpdate(schedule));
      }
    } catch (ScheduleException | StatusRuntimeException e) {
      throw translated(msp, e);
    }
  }

  /** Temporal's failure as the library's: the operator message says what happened and what to do. */
  private static EntraException translated(MspTenantId msp, RuntimeException e) {
    Status.Code code = statusOf(e);
    if (code == Status.Code.UNIMPLEMENTED) {
      return new EntraRejectedException("The Temporal server does not support schedules (UNIMPLEMENTED), so the"
          + " recurring sync of " + msp + " is not scheduled: run a Temporal server with schedules (1.20 or later), or"
          + " install EntraTemporal with the host's own scheduler (schedules(gateway)); until then start syncs by hand.", e);
    }
    return new EntraUnavailableException("Temporal could not keep the recurring sync of " + msp + " (" + code + "):"
        + " check that the Temporal server is reachable, then save the sync settings again to schedule it.", e);
  }

  /** A failure to remove or read the schedule, other than its absence. */
  private static EntraException unavailable(MspTenantId msp, RuntimeException e, String failed, String remedy) {
    return new EntraUnavailableException("Temporal could not " + failed + " the recurring sync of " + msp + " ("
        + statusOf(e) + "): " + remedy, e);
  }

  private static Status.Code statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        return status.getStatus().getCode();
      }
    }
    return Status.Code.UNKNOWN;
  }

  @Override
  public void removeSchedule(MspTenantId msp) {
    try {
      schedules.getHandle(WorkflowIds.schedule(msp)).delete();
    } catch (ScheduleException | StatusRuntimeException e) {
      if (!isAbsent(e)) {
        // the schedule may still be there (its runs are refused without a connection): the caller reports it
        throw unavailable(msp, e, "remove", "check that the Temporal server is reachable, then remove the schedule '"
            + WorkflowIds.schedule(msp) + "' in Temporal's UI or disconnect again.");
      }
    }
  }

  @Override
  public Optional<Instant> nextRun(MspTenantId msp) {
    try {
      ScheduleHandle handle = schedules.getHandle(WorkflowIds.schedule(msp));
      ScheduleDescription description = handle.describe();
      List<Instant> next = description.getInfo().getNextActionTimes();
      return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
    } catch (ScheduleException | StatusRuntimeException e) {
      if (isAbsent(e)) {
        return Optional.empty();
      }
      throw unavailable(msp, e, "read", "check that the Temporal server is reachable; the schedule itself is not"
          + " changed."); // "cannot tell", not "no next run"
    }
  }

  /**
   * Whether Temporal's answer means there is no schedule: none of this id, or a server without
   * schedules (where none could have been created). Anything else (an unreachable frontend) says
   * nothing about the schedule.
   */
  private static boolean isAbsent(RuntimeException e) {
    Status.Code code = statusOf(e);
    return code == Status.Code.NOT_FOUND || code == Status.Code.UNIMPLEMENTED;
  }
}
