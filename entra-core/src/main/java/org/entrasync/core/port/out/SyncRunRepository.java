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

  /** Inserts or replaces the result of one tenant within a run. */
  void upsertTenantResult(MspTenantId msp, TenantSyncResult result);

  /** Results of one run, ordered by tenant id. */
  List<TenantSyncResult> tenantResults(MspTenantId msp, String runId);
}
