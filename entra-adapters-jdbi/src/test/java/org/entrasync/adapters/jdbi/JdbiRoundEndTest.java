package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;

import java.util.List;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.out.ManagedTenantRepository.SyncEnd;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenant's final result recorded with its round end (delta cursor, user count): one statement, so
 * both land or neither does, and only on the MSP tenant's own rows.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiRoundEndTest {
  private final JdbiStorage storage;
  private final StatementCounter counter;
  private final JdbiStorage counted;
  private MspTenantId msp;
  private MspTenantId otherMsp;

  JdbiRoundEndTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
    this.counter = new StatementCounter(database.dataSource());
    this.counted = JdbiStorage.create(counter);
  }

  @BeforeEach
  void tenants() {
    msp = ContractData.newMsp("round-end");
    otherMsp = ContractData.newMsp("round-end-other");
    for (MspTenantId t : List.of(msp, otherMsp)) {
      storage.managedTenants().recordDiscovery(t, List.of(discovered(1, "Contoso")), at(0));
      storage.managedTenants().saveDeltaCursor(t, tenant(1), "cursor-1");
    }
  }

  private static SyncRun running(MspTenantId of) {
    return new SyncRun(of, "run-1", "entrasync/" + of + "/all", SyncKind.ALL, RunStatus.RUNNING, false, "alice", "all", 1,
        0, SyncCounters.ZERO, at(1), null, null);
  }

  private static TenantSyncResult completed() {
    return new TenantSyncResult("run-1", tenant(1), "client-1", TenantRunStatus.COMPLETED,
        SyncCounters.ZERO.withUnchanged(5), 5, at(3), null, at(2), at(4), 0);
  }

  private ManagedTenant tenantOf(MspTenantId of) {
    return storage.managedTenants().find(of, tenant(1)).orElseThrow();
  }

  @Test
  void theResultAndTheRoundEndAreOneStatement() {
    storage.syncRuns().upsertRun(running(msp));
    storage.syncRuns().upsertRun(running(otherMsp));
    counter.reset();

    counted.syncRuns().recordTenantFinished(msp, completed(), counted.managedTenants(),
        new SyncEnd(true, "cursor-2", 5, at(3)));

    assertThat(counter.statements()).isEqualTo(1);
    assertThat(tenantOf(msp).deltaCursor()).isEqualTo("cursor-2");
    assertThat(tenantOf(msp).lastSyncEligibleUsers()).isEqualTo(5);
    assertThat(tenantOf(msp).lastSyncObservedAt()).isEqualTo(at(3));
    SyncRun run = storage.syncRuns().findRun(msp, "run-1").orElseThrow();
    assertThat(run.processedTenants()).isEqualTo(1);
    assertThat(run.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(5));
    // another MSP tenant's managed tenant of the same id, and its run, are left alone
    assertThat(tenantOf(otherMsp).deltaCursor()).isEqualTo("cursor-1");
    assertThat(tenantOf(otherMsp).lastSyncEligibleUsers()).isNull();
    assertThat(storage.syncRuns().findRun(otherMsp, "run-1")).contains(running(otherMsp));
  }

  @Test
  void anEmptyRoundEndKeepsTheCursorAndTheCount() {
    storage.syncRuns().upsertRun(running(msp));

    storage.syncRuns().recordTenantFinished(msp, completed(), storage.managedTenants(), new SyncEnd(false, null, null, null));

    assertThat(tenantOf(msp).deltaCursor()).isEqualTo("cursor-1");
    assertThat(tenantOf(msp).lastSyncEligibleUsers()).isNull();
    assertThat(storage.syncRuns().findRun(msp, "run-1").orElseThrow().processedTenants()).isEqualTo(1);
  }

  @Test
  void aClearedCursorIsWrittenAsCleared() {
    storage.syncRuns().upsertRun(running(msp));

    storage.syncRuns().recordTenantFinished(msp, completed(), storage.managedTenants(), new SyncEnd(true, null, null, null));

    assertThat(tenantOf(msp).deltaCursor()).isNull();
  }

  @Test
  void aResultThatCannotBeRecordedLeavesTheCursorAsItWas() {
    // no run: the result is refused, and the new cursor with it (it would claim a round nobody recorded)
    assertThatThrownBy(() -> storage.syncRuns().recordTenantFinished(msp, completed(), storage.managedTenants(),
        new SyncEnd(true, "cursor-2", 5, at(3)))).isInstanceOf(RuntimeException.class);

    assertThat(tenantOf(msp).deltaCursor()).isEqualTo("cursor-1");
    assertThat(tenantOf(msp).lastSyncEligibleUsers()).isNull();
  }
}
