package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.in.RunProgressView;
import org.entrasync.core.port.in.TenantOverview;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator's read models on PostgreSQL: what each shows, and that an MSP sees only its own. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiOperatorViewRepositoryTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final EntraTenantId CONTOSO = EntraTenantId.of("11111111-1111-1111-1111-111111111111");
  private static final EntraTenantId FABRIKAM = EntraTenantId.of("22222222-2222-2222-2222-222222222222");
  private static final EntraTenantId NEW_ONE = EntraTenantId.of("33333333-3333-3333-3333-333333333333");

  private final JdbiStorage storage;

  JdbiOperatorViewRepositoryTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  /** Three tenants: Contoso synced twice (and dry-run since), Fabrikam syncing now, a new one undecided. */
  private void seed(MspTenantId msp) {
    storage.managedTenants().recordDiscovery(msp, List.of(
        new DiscoveredTenant(CONTOSO, "Contoso", "contoso.com", 40),
        new DiscoveredTenant(FABRIKAM, "Fabrikam", "fabrikam.com", 7),
        new DiscoveredTenant(NEW_ONE, "Northwind", null, null)), T0);
    storage.mappings().saveDecisions(msp, List.of(
        new TenantMapping(msp, CONTOSO, MappingState.MAPPED, "client-contoso", 1.0, "admin", T0),
        new TenantMapping(msp, FABRIKAM, MappingState.MAPPED, "client-fabrikam", 0.9, "admin", T0)));

    run(msp, "run-1", false, T0.plusSeconds(60), T0.plusSeconds(120));
    result(msp, "run-1", CONTOSO, TenantRunStatus.FAILED, SyncCounters.ZERO, T0.plusSeconds(61), "Consent is missing.");
    result(msp, "run-1", FABRIKAM, TenantRunStatus.COMPLETED, SyncCounters.ZERO.withCreated(7), T0.plusSeconds(61), null);
    run(msp, "run-2", false, T0.plusSeconds(600), T0.plusSeconds(660));
    result(msp, "run-2", CONTOSO, TenantRunStatus.COMPLETED, SyncCounters.ZERO.withCreated(38).withSkipped(2),
        T0.plusSeconds(601), null);
    storage.managedTenants().recordCompletedSync(msp, CONTOSO, 38, T0.plusSeconds(640));
    // a later dry run is not the tenant's last sync
    run(msp, "dry-3", true, T0.plusSeconds(900), T0.plusSeconds(930));
    result(msp, "dry-3", CONTOSO, TenantRunStatus.COMPLETED, SyncCounters.ZERO.withInactivated(38), T0.plusSeconds(901), null);
    // in flight: Fabrikam done, Contoso running with two pages applied
    run(msp, "run-4", false, T0.plusSeconds(1200), null);
    result(msp, "run-4", FABRIKAM, TenantRunStatus.COMPLETED, SyncCounters.ZERO.withUnchanged(7), T0.plusSeconds(1201), null);
    storage.syncRuns().upsertTenantResult(msp, new TenantSyncResult("run-4", CONTOSO, "client-contoso",
        TenantRunStatus.RUNNING, SyncCounters.ZERO.withUnchanged(20), null, null, null, T0.plusSeconds(1202), null));
    storage.heldDeletions().hold(msp, new HeldDeletions(FABRIKAM, HoldReason.THRESHOLD_TRIPPED,
        List.of(new HeldDeletions.HeldIdentity(EntraObjectId.of("aaaaaaaa-0000-0000-0000-000000000001"),
            InactiveReason.DELETED_UPSTREAM)), 7, T0.plusSeconds(1250), null, null));
  }

  private void run(MspTenantId msp, String runId, boolean dryRun, Instant started, Instant finished) {
    storage.syncRuns().upsertRun(new SyncRun(msp, runId, "wf-" + runId, SyncKind.ALL,
        finished == null ? RunStatus.RUNNING : RunStatus.COMPLETED, dryRun, "admin", "all", 2, 0, SyncCounters.ZERO,
        started, finished, null));
  }

  private void result(MspTenantId msp, String runId, EntraTenantId tenant, TenantRunStatus status, SyncCounters counters,
      Instant started, String error) {
    storage.syncRuns().upsertTenantResult(msp, new TenantSyncResult(runId, tenant, "client", status, counters,
        status == TenantRunStatus.FAILED ? null : counters.total(), started.plusSeconds(5), error, started,
        started.plusSeconds(5)));
  }

  @Test
  void theTenantListShowsEachTenantsMappingLastRealSyncUserCountAndHeldDeletions() {
    MspTenantId msp = MspTenantId.of("msp-overview");
    seed(msp);

    List<TenantOverview> list = storage.operatorViews().tenantOverview(msp);

    assertThat(list).extracting(TenantOverview::displayName).containsExactly("Contoso", "Fabrikam", "Northwind");
    TenantOverview contoso = list.get(0);
    assertThat(contoso.mappingState()).isEqualTo(MappingState.MAPPED);
    assertThat(contoso.clientId()).isEqualTo("client-contoso");
    assertThat(contoso.sourceUserCount()).isEqualTo(40);
    assertThat(contoso.eligibleUsers()).isEqualTo(38);
    assertThat(contoso.eligibleObservedAt()).isEqualTo(T0.plusSeconds(640));
    // the run in flight is its latest: running, with what its pages did so far
    assertThat(contoso.lastSync().runId()).isEqualTo("run-4");
    assertThat(contoso.lastSync().status()).isEqualTo(TenantRunStatus.RUNNING);
    assertThat(contoso.lastSync().counters().unchanged()).isEqualTo(20);
    assertThat(contoso.deletionsHeldNow()).isZero();

    TenantOverview fabrikam = list.get(1);
    assertThat(fabrikam.lastSync().runId()).isEqualTo("run-4");
    assertThat(fabrikam.lastSync().status()).isEqualTo(TenantRunStatus.COMPLETED);
    assertThat(fabrikam.lastSync().finishedAt()).isEqualTo(T0.plusSeconds(1206));
    assertThat(fabrikam.deletionsHeldNow()).isEqualTo(1);

    TenantOverview northwind = list.get(2);
    assertThat(northwind.mappingState()).isNull();
    assertThat(northwind.clientId()).isNull();
    assertThat(northwind.lastSync()).isNull();
    assertThat(northwind.eligibleUsers()).isNull();
  }

  @Test
  void aDryRunIsNeverATenantsLastSync() {
    MspTenantId msp = MspTenantId.of("msp-dry");
    storage.managedTenants().recordDiscovery(msp, List.of(new DiscoveredTenant(CONTOSO, "Contoso", null, null)), T0);
    run(msp, "run-1", false, T0, T0.plusSeconds(30));
    result(msp, "run-1", CONTOSO, TenantRunStatus.FAILED, SyncCounters.ZERO, T0.plusSeconds(1), "Consent is missing.");
    run(msp, "dry-2", true, T0.plusSeconds(100), T0.plusSeconds(130));
    result(msp, "dry-2", CONTOSO, TenantRunStatus.COMPLETED, SyncCounters.ZERO.withCreated(5), T0.plusSeconds(101), null);

    TenantOverview.LastSync last = storage.operatorViews().tenantOverview(msp).get(0).lastSync();

    assertThat(last.runId()).isEqualTo("run-1");
    assertThat(last.status()).isEqualTo(TenantRunStatus.FAILED);
    assertThat(last.error()).isEqualTo("Consent is missing.");
  }

  @Test
  void runProgressCountsFinishedAndRunningTenantsAndTheirCountersSoFar() {
    MspTenantId msp = MspTenantId.of("msp-progress");
    seed(msp);

    List<RunProgressView> inFlight = storage.operatorViews().runsInFlight(msp);

    assertThat(inFlight).extracting(RunProgressView::runId).containsExactly("run-4");
    RunProgressView run = inFlight.get(0);
    assertThat(run.inFlight()).isTrue();
    assertThat(run.totalTenants()).isEqualTo(2);
    assertThat(run.processedTenants()).isEqualTo(1);
    assertThat(run.runningTenants()).isEqualTo(1);
    assertThat(run.countersSoFar().unchanged()).isEqualTo(27);

    RunProgressView finished = storage.operatorViews().runProgress(msp, "run-1").orElseThrow();
    assertThat(finished.inFlight()).isFalse();
    assertThat(finished.processedTenants()).isEqualTo(2);
    assertThat(finished.failedTenants()).isEqualTo(1);
    assertThat(finished.countersSoFar().created()).isEqualTo(7);
    assertThat(storage.operatorViews().runProgress(msp, "no-such-run")).isEmpty();
  }

  @Test
  void anMspSeesNothingOfAnotherMsp() {
    MspTenantId a = MspTenantId.of("msp-a");
    MspTenantId b = MspTenantId.of("msp-b");
    seed(a);
    // B has the same Entra tenant (a tenant can be managed by two MSPs) and nothing else
    storage.managedTenants().recordDiscovery(b, List.of(new DiscoveredTenant(CONTOSO, "Contoso seen by B", null, null)), T0);

    assertThat(storage.operatorViews().tenantOverview(b)).singleElement().satisfies(t -> {
      assertThat(t.displayName()).isEqualTo("Contoso seen by B");
      assertThat(t.mappingState()).isNull();
      assertThat(t.lastSync()).isNull();
      assertThat(t.eligibleUsers()).isNull();
      assertThat(t.deletionsHeldNow()).isZero();
    });
    assertThat(storage.operatorViews().runsInFlight(b)).isEmpty();
    assertThat(storage.operatorViews().runProgress(b, "run-4")).isEmpty();
    assertThat(storage.operatorViews().tenantOverview(MspTenantId.of("msp-c"))).isEmpty();
  }
}
