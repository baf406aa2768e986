package org.entrasync.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.entrasync.core.fakes.InMemoryHostClientDirectory;
import org.entrasync.core.fakes.InMemoryManagedTenantRepository;
import org.entrasync.core.fakes.InMemoryMappingRepository;
import org.entrasync.core.fakes.InMemorySyncRunRepository;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;

/** The run bookkeeping tells the observer what happened, once, with counters and durations. */
class SyncObserverEventsTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-observed");
  private static final EntraTenantId TENANT = EntraTenantId.of("11111111-1111-1111-1111-111111111111");

  private final MutableClock clock = MutableClock.startingNow();
  private final List<Object> events = new ArrayList<>();
  private final SyncObserver recording = new SyncObserver() {
    @Override public void runStarted(RunStarted e) { events.add(e); }
    @Override public void runFinished(RunFinished e) { events.add(e); }
    @Override public void tenantFinished(TenantFinished e) { events.add(e); }
    @Override public void upstreamThrottled(UpstreamThrottled e) { events.add(e); }
  };
  private final InMemorySyncRunRepository runs = new InMemorySyncRunRepository();
  private final SyncRunService service = new SyncRunService(runs, new InMemoryMappingRepository(),
      new InMemoryManagedTenantRepository(), new InMemoryHostClientDirectory(), clock, recording);

  private final RunRequest request =
      new RunRequest(MSP, "run-1", "wf-1", SyncKind.ALL, null, false, "admin");

  @Test
  void aRunTellsItsStartOnceItsTenantsWithDurationAndItsEndWithTheSum() {
    service.beginRun(request);
    service.beginRun(request); // a workflow retry of the opening is not a second start
    service.tenantStarted(MSP, "run-1", new TenantTarget(TENANT, "client"));
    clock.advance(Duration.ofSeconds(3));
    service.tenantFinished(MSP, new TenantSyncResult("run-1", TENANT, "client", TenantRunStatus.COMPLETED,
        SyncCounters.ZERO.withCreated(4), 4, clock.instant(), null, null, clock.instant()));
    clock.advance(Duration.ofSeconds(1));
    service.finishRun(MSP, "run-1", null);

    assertThat(events).hasSize(3);
    assertThat(events.get(0)).isEqualTo(new SyncObserver.RunStarted(MSP, "run-1", SyncKind.ALL, false, 0));
    assertThat(events.get(1)).isEqualTo(new SyncObserver.TenantFinished(MSP, "run-1", TENANT, false,
        TenantRunStatus.COMPLETED, SyncCounters.ZERO.withCreated(4), Duration.ofSeconds(3), 0));
    assertThat(events.get(2)).isEqualTo(new SyncObserver.RunFinished(MSP, "run-1", SyncKind.ALL, false,
        RunStatus.COMPLETED, 1, SyncCounters.ZERO.withCreated(4), Duration.ofSeconds(4)));
  }

  @Test
  void aThrottledCallIsToldWithItsWait() {
    service.upstreamThrottled(MSP, TENANT, Duration.ofSeconds(30));

    assertThat(events).containsExactly(new SyncObserver.UpstreamThrottled(MSP, TENANT, Duration.ofSeconds(30)));
  }

  @Test
  void aFailingObserverNeverFailsTheRun() {
    SyncObserver broken = new SyncObserver() {
      @Override public void runStarted(RunStarted e) { throw new IllegalStateException("metrics backend down"); }
    };
    SyncRunService withBroken = new SyncRunService(runs, new InMemoryMappingRepository(),
        new InMemoryManagedTenantRepository(), new InMemoryHostClientDirectory(), clock, broken);

    withBroken.beginRun(new RunRequest(MSP, "run-2", "wf-2", SyncKind.ALL, null, false, "admin"));

    assertThat(runs.findRun(MSP, "run-2")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING));
  }
}
