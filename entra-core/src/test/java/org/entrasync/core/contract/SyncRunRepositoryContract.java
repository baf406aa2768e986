package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.tenant;

import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.out.SyncRunRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SyncRunRepository} must do. */
public abstract class SyncRunRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract SyncRunRepository syncRuns();

  @BeforeEach
  void newTenants() {
    msp = ContractData.newMsp("runs");
    otherMsp = ContractData.newMsp("runs-other");
  }

  private static SyncRun running(MspTenantId tenant, String runId, int minute) {
    return new SyncRun(tenant, runId, "entrasync/" + tenant + "/all", SyncKind.ALL, RunStatus.RUNNING, false,
        "alice", "all", 2, 0, SyncCounters.ZERO, at(minute), null, null);
  }

  private static TenantSyncResult result(String runId, int tenantNumber, TenantRunStatus status, int created) {
    return new TenantSyncResult(runId, tenant(tenantNumber), "client-" + tenantNumber, status,
        SyncCounters.ZERO.withCreated(created).withSkipped(1), 12, at(3), null, at(1), at(2), 2);
  }

  @Test
  void upsertRunInsertsThenUpdates() {
    SyncRun run = running(msp, "run-1", 0);
    syncRuns().upsertRun(run);
    assertThat(syncRuns().findRun(msp, "run-1")).contains(run);

    SyncRun done = new SyncRun(msp, "run-1", run.workflowId(), SyncKind.ALL, RunStatus.PARTIAL, false, "alice",
        "all", 2, 2, new SyncCounters(3, 1, 2, 4, 1, 1, 0, 5), at(0), at(9), "1 of 2 tenants failed");
    syncRuns().upsertRun(done);
    assertThat(syncRuns().findRun(msp, "run-1")).contains(done);
    assertThat(syncRuns().listRuns(msp, 10)).containsExactly(done);
  }

  @Test
  void upsertRunIsIdempotent() {
    SyncRun run = running(msp, "run-1", 0);
    syncRuns().upsertRun(run);
    syncRuns().upsertRun(run);
    assertThat(syncRuns().listRuns(msp, 10)).containsExactly(run);
  }

  @Test
  void listRunsIsMostRecentFirstAndLimited() {
    syncRuns().upsertRun(running(msp, "run-a", 1));
    syncRuns().upsertRun(running(msp, "run-c", 3));
    syncRuns().upsertRun(running(msp, "run-b", 2));

    assertThat(syncRuns().listRuns(msp, 10)).extracting(SyncRun::runId).containsExactly("run-c", "run-b", "run-a");
    assertThat(syncRuns().listRuns(msp, 2)).extracting(SyncRun::runId).containsExactly("run-c", "run-b");
    assertThat(syncRuns().findRun(msp, "run-x")).isEmpty();
  }

  @Test
  void tenantResultsAreInsertedReplacedAndOrderedByTenant() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    syncRuns().upsertTenantResult(msp, result("run-1", 2, TenantRunStatus.RUNNING, 0));
    syncRuns().upsertTenantResult(msp, result("run-1", 1, TenantRunStatus.COMPLETED, 4));
    TenantSyncResult failed = new TenantSyncResult("run-1", tenant(2), "client-2", TenantRunStatus.FAILED,
        SyncCounters.ZERO, null, null, "Consent missing in tenant", at(1), at(4));
    syncRuns().upsertTenantResult(msp, failed);

    assertThat(syncRuns().tenantResults(msp, "run-1"))
        .containsExactly(result("run-1", 1, TenantRunStatus.COMPLETED, 4), failed);
    assertThat(syncRuns().tenantResults(msp, "run-2")).isEmpty();
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    syncRuns().upsertRun(running(otherMsp, "run-1", 0));
    syncRuns().upsertTenantResult(msp, result("run-1", 1, TenantRunStatus.COMPLETED, 4));
    syncRuns().upsertTenantResult(otherMsp, result("run-1", 1, TenantRunStatus.COMPLETED, 9));

    SyncRun done = new SyncRun(msp, "run-1", "wf", SyncKind.ALL, RunStatus.COMPLETED, false, "alice", "all", 2, 2,
        SyncCounters.ZERO.withCreated(4), at(0), at(5), null);
    syncRuns().upsertRun(done);
    syncRuns().upsertTenantResult(msp, result("run-1", 1, TenantRunStatus.COMPLETED, 5));

    assertThat(syncRuns().findRun(otherMsp, "run-1")).contains(running(otherMsp, "run-1", 0));
    assertThat(syncRuns().listRuns(otherMsp, 10)).containsExactly(running(otherMsp, "run-1", 0));
    assertThat(syncRuns().tenantResults(otherMsp, "run-1"))
        .containsExactly(result("run-1", 1, TenantRunStatus.COMPLETED, 9));
    assertThat(syncRuns().findRun(msp, "run-1")).contains(done);
    assertThat(syncRuns().tenantResults(msp, "run-1"))
        .containsExactly(result("run-1", 1, TenantRunStatus.COMPLETED, 5));
  }

  @Test
  void aFinishedTenantIsAddedToItsRunsProgress() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    syncRuns().upsertRun(running(otherMsp, "run-1", 0));
    TenantSyncResult started = new TenantSyncResult("run-1", tenant(1), "client-1", TenantRunStatus.RUNNING,
        SyncCounters.ZERO.withCreated(1), null, null, null, at(1), null);
    syncRuns().upsertTenantResult(msp, started);
    TenantSyncResult done = new TenantSyncResult("run-1", tenant(1), "client-1", TenantRunStatus.COMPLETED,
        SyncCounters.ZERO.withCreated(4).withSkipped(1), 12, at(3), null, null, at(4), 2);
    syncRuns().recordTenantFinished(msp, done);
    syncRuns().recordTenantFinished(msp, result("run-1", 2, TenantRunStatus.COMPLETED, 3));

    assertThat(syncRuns().tenantResults(msp, "run-1")).first()
        .as("the start time recorded while running is kept").isEqualTo(done.over(started))
        .extracting(TenantSyncResult::startedAt).isEqualTo(at(1));
    SyncRun progress = syncRuns().findRun(msp, "run-1").orElseThrow();
    assertThat(progress.processedTenants()).isEqualTo(2);
    assertThat(progress.counters()).isEqualTo(SyncCounters.ZERO.withCreated(7).withSkipped(2));
    assertThat(progress.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(syncRuns().findRun(otherMsp, "run-1")).contains(running(otherMsp, "run-1", 0));
  }

  @Test
  void aFailedTenantWithoutCountersKeepsWhatItsPagesDid() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    syncRuns().upsertTenantResult(msp, new TenantSyncResult("run-1", tenant(1), "client-1", TenantRunStatus.RUNNING,
        SyncCounters.ZERO.withCreated(5), null, null, null, at(1), null));
    syncRuns().recordTenantFinished(msp, new TenantSyncResult("run-1", tenant(1), "client-1", TenantRunStatus.FAILED,
        SyncCounters.ZERO, null, null, "Consent missing", null, at(4)));

    TenantSyncResult recorded = syncRuns().tenantResults(msp, "run-1").get(0);
    assertThat(recorded.status()).isEqualTo(TenantRunStatus.FAILED);
    assertThat(recorded.counters()).isEqualTo(SyncCounters.ZERO.withCreated(5));
    assertThat(recorded.startedAt()).isEqualTo(at(1));
    assertThat(syncRuns().findRun(msp, "run-1").orElseThrow().counters()).isEqualTo(SyncCounters.ZERO.withCreated(5));
  }

  @Test
  void recordingAFinishedTenantAgainReplacesItsShare() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    syncRuns().recordTenantFinished(msp, result("run-1", 1, TenantRunStatus.FAILED, 2));
    syncRuns().recordTenantFinished(msp, result("run-1", 1, TenantRunStatus.COMPLETED, 4));
    syncRuns().recordTenantFinished(msp, result("run-1", 1, TenantRunStatus.COMPLETED, 4));

    SyncRun progress = syncRuns().findRun(msp, "run-1").orElseThrow();
    assertThat(progress.processedTenants()).isEqualTo(1);
    assertThat(progress.counters()).isEqualTo(SyncCounters.ZERO.withCreated(4).withSkipped(1));
    assertThat(syncRuns().tenantResults(msp, "run-1")).containsExactly(result("run-1", 1, TenantRunStatus.COMPLETED, 4));
  }

  @Test
  void aRunningResultIsNotAFinalOne() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> syncRuns().recordTenantFinished(msp, result("run-1", 1, TenantRunStatus.RUNNING, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(syncRuns().tenantResults(msp, "run-1")).isEmpty();
  }

  @Test
  void progressAfterTheTenantsFinalResultOrTheRunsEndChangesNothing() {
    syncRuns().upsertRun(running(msp, "run-1", 0));
    syncRuns().upsertTenantResult(msp, result("run-1", 1, TenantRunStatus.RUNNING, 1));
    syncRuns().upsertTenantResult(msp, result("run-1", 1, TenantRunStatus.RUNNING, 3)); // progress moves on
    assertThat(syncRuns().tenantResults(msp, "run-1")).containsExactly(result("run-1", 1, TenantRunStatus.RUNNING, 3));

    syncRuns().recordTenantFinished(msp, result("run-1", 1, TenantRunStatus.FAILED, 3));
    syncRuns().upsertTenantResult(msp, result("run-1", 1, TenantRunStatus.RUNNING, 4)); // an activity outliving it
    assertThat(syncRuns().tenantResults(msp, "run-1")).extracting(TenantSyncResult::status)
        .containsExactly(TenantRunStatus.FAILED);

    SyncRun run = syncRuns().findRun(msp, "run-1").orElseThrow();
    syncRuns().upsertRun(new SyncRun(msp, "run-1", run.workflowId(), run.kind(), RunStatus.FAILED, false, "alice", "all",
        2, 1, run.counters(), run.startedAt(), at(9), "The run's workflow ended without finishing."));
    syncRuns().upsertTenantResult(msp, result("run-1", 2, TenantRunStatus.RUNNING, 1)); // a tenant of the closed run
    assertThat(syncRuns().tenantResults(msp, "run-1")).extracting(r -> r.tenantId().value())
        .containsExactly(tenant(1).value());
  }
}
