package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Optional;
import org.entrasync.spi.MspTenantId;

/** The recurring all-tenants sync of each MSP tenant (a Temporal schedule). */
public interface ScheduleGateway {

  /** Creates the schedule, or updates its interval; overlapping runs are skipped. */
  void upsertSchedule(MspTenantId msp, int intervalMinutes);

  /** Removes the schedule; no-op if none. */
  void removeSchedule(MspTenantId msp);

  /** When the schedule runs next, if there is one. */
  Optional<Instant> nextRun(MspTenantId msp);
}
