package org.entrasync.core.internal.schedule;

import java.time.Instant;
import java.util.Optional;
import org.entrasync.core.port.in.ScheduleOutcome;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.MspTenantId;

/**
 * The recurring sync, kept best effort: a schedule that cannot be written never undoes or hides the
 * work of the call that keeps it (mappings saved, a sync started, a connection made). The gateway
 * translates its failures into {@link EntraException}s; their operator message is the outcome's
 * problem.
 */
public final class Schedules {
  private final ScheduleGateway gateway;

  /** @param gateway null when no schedule gateway is installed (the host starts every sync) */
  public Schedules(ScheduleGateway gateway) {
    this.gateway = gateway;
  }

  /** Creates or updates the MSP tenant's schedule. */
  public ScheduleOutcome keep(MspTenantId msp, int intervalMinutes) {
    if (gateway == null) {
      return ScheduleOutcome.notConfigured();
    }
    try {
      gateway.upsertSchedule(msp, intervalMinutes);
      return ScheduleOutcome.scheduled(intervalMinutes);
    } catch (EntraException e) {
      return ScheduleOutcome.failed(e.getMessage());
    }
  }

  /** Removes the MSP tenant's schedule; a failure leaves a schedule whose runs are refused without a connection. */
  public ScheduleOutcome remove(MspTenantId msp) {
    if (gateway == null) {
      return ScheduleOutcome.notConfigured();
    }
    try {
      gateway.removeSchedule(msp);
      return ScheduleOutcome.unchanged();
    } catch (EntraException e) {
      return ScheduleOutcome.failed(e.getMessage());
    }
  }

  /** When the schedule runs next, or why that cannot be told. */
  public NextRun next(MspTenantId msp) {
    if (gateway == null) {
      return new NextRun(null, null);
    }
    try {
      return new NextRun(gateway.nextRun(msp).orElse(null), null);
    } catch (EntraException e) {
      return new NextRun(null, e.getMessage());
    }
  }

  /** @param at the next run, or null; @param problem why the schedule cannot be read, or null */
  public record NextRun(Instant at, String problem) {
    public Optional<Instant> when() {
      return Optional.ofNullable(at);
    }
  }
}
