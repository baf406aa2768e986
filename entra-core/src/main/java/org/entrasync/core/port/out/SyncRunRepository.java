package org.entrasync.core.port.out;

import java.util.List;
import java.util.Optional;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.spi.MspTenantId;

/** Sync runs and their per-tenant results, written as a run progresses. */
public interface SyncRunRepository {

  /** Inserts the run, or updates it if a run with this id exists (idempotent for workflow retries). */
  void upsertRun(SyncRun run);

  Optional<SyncRun> findRun(MspTenantId msp, String runId);

  /** Most recent runs first. */
  List<SyncRun> listRuns(MspTenantId msp, int limit);

  /**
   * Inserts or replaces the result of one tenant within a run. A running row (progress) is written
   * only while the run is open and the tenant has no final result: an activity that outlives its
   * workflow (terminated in the engine, its record closed) cannot mark a tenant running again.
   */
  void upsertTenantResult(MspTenantId msp, TenantSyncResult result);

  /**
   * Records a tenant's final result (completed, failed or skipped) and adds it to its run's progress,
   * in one atomic step whose cost does not grow with the run: the run's processed count grows by one
   * and its counters by the result's ({@code x = x + n}), never by re-reading the run's results, so
   * tenants finishing at the same moment neither lose nor double each other's share. Recording a
   * tenant's final result again (a retried activity) replaces its share instead of adding a second
   * one. What the result leaves unknown keeps what was recorded while the tenant ran (see {@link
   * TenantSyncResult#over}): its start time, and the counters of a failed result that reports none.
   *
   * @return the result as recorded (merged with what was recorded while the tenant ran) and whether
   *     its run is a dry run, so the caller can report it without reading the run again
   * @throws IllegalArgumentException if the result is still running
   */
  RecordedTenant recordTenantFinished(MspTenantId msp, TenantSyncResult result);

  /**
   * As {@link #recordTenantFinished(MspTenantId, TenantSyncResult)}, and the tenant's round end ({@link
   * ManagedTenantRepository.SyncEnd}: its delta cursor and user count) in the same atomic step where the
   * store allows (one statement): a crash then never leaves a new cursor without the result of the round
   * that read it, or the reverse. The default writes through {@code tenants} first, then the result.
   *
   * @param tenants the managed tenants of the same storage (used by the default only)
   */
  default RecordedTenant recordTenantFinished(MspTenantId msp, TenantSyncResult result, ManagedTenantRepository tenants,
      ManagedTenantRepository.SyncEnd tenantEnd) {
    if (!tenantEnd.isEmpty()) {
      tenants.recordSyncEnd(msp, result.tenantId(), tenantEnd);
    }
    return recordTenantFinished(msp, result);
  }

  /** A tenant's final result as {@link #recordTenantFinished} recorded it, and its run's dry-run flag. */
  record RecordedTenant(TenantSyncResult result, boolean dryRun) {
    public RecordedTenant {
      java.util.Objects.requireNonNull(result, "result");
    }
  }

  /** Results of one run, ordered by tenant id. */
  List<TenantSyncResult> tenantResults(MspTenantId msp, String runId);
}
