package org.entrasync.temporal.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.spi.MspTenantId;

/**
 * The local stack's schedule gateway. Temporal's in-memory test server cannot run schedules, so the
 * stack records what the real {@code TemporalScheduleGateway} would create; a test starts what the
 * schedule would start (an all-tenants sync of kind {@code scheduled}) itself.
 */
public final class InMemoryScheduleGateway implements ScheduleGateway {
  private final Map<MspTenantId, Integer> intervals = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryScheduleGateway(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void upsertSchedule(MspTenantId msp, int intervalMinutes) {
    intervals.put(msp, intervalMinutes);
  }

  @Override
  public void removeSchedule(MspTenantId msp) {
    intervals.remove(msp);
  }

  @Override
  public Optional<Instant> nextRun(MspTenantId msp) {
    Integer minutes = intervals.get(msp);
    return minutes == null ? Optional.empty() : Optional.of(clock.instant().plus(Duration.ofMinutes(minutes)));
  }

  /** The interval of the tenant's schedule, if it has one. */
  public Optional<Integer> interval(MspTenantId msp) {
    return Optional.ofNullable(intervals.get(msp));
  }
}
