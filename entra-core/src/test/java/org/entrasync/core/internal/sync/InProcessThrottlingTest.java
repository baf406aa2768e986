package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.internal.sync.SyncFixture.MSP;
import static org.entrasync.core.internal.sync.SyncFixture.TENANT_ID;
import static org.entrasync.core.internal.sync.SyncFixture.member;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.internal.wiring.WorkerEntry;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncObserver.UpstreamThrottled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A wait an adapter takes in process because the upstream throttled it (its shared retry reports it
 * to the current work) is the operator's throttling event: of the tenant being synced, or of the
 * partner's own calls during discovery.
 */
class InProcessThrottlingTest {
  private final List<UpstreamThrottled> events = new CopyOnWriteArrayList<>();
  private final SyncObserver observer = new SyncObserver() {
    @Override public void upstreamThrottled(UpstreamThrottled e) { events.add(e); }
  };

  @ParameterizedTest
  @EnumSource(ConnectionType.class)
  void aThrottledPageOfATenantsSyncIsReportedAsThatTenantsThrottling(ConnectionType connection) {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(1).observer(observer), connection);
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped();
    f.app.gateway(connection).throttleBeforePage(1, Duration.ofSeconds(3));

    assertThat(f.sync().counters().created()).isEqualTo(2);

    assertThat(events).containsExactly(new UpstreamThrottled(MSP, TENANT_ID, Duration.ofSeconds(3)));
  }

  @ParameterizedTest
  @EnumSource(ConnectionType.class)
  void aThrottledDiscoveryOnTheWorkerIsReportedAsThePartnersThrottling(ConnectionType connection) {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().observer(observer), connection);
    f.app.gateway(connection).throttleBefore(FakeDirectoryGateway.Operation.LIST_TENANTS, Duration.ofSeconds(2));
    WorkerEntry worker = new WorkerEntry(f.app.tenantSync(), f.app.syncRuns(), f.app.discovery(), f.app.clock(), null);

    assertThat(worker.discover(MSP)).isEqualTo(1);

    assertThat(events).containsExactly(new UpstreamThrottled(MSP, null, Duration.ofSeconds(2)));
  }
}
