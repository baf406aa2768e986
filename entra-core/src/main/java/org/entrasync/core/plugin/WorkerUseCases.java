package org.entrasync.core.plugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.spi.MspTenantId;

/**
 * The use cases the library's workers call, and nothing else: the one entry of the orchestration
 * module into the core. A built integration hands it to the part that registered for it ({@link
 * Installation#workers}); it is unguarded (a worker acts for whoever started the run), so it never
 * reaches a host's request handlers.
 */
public interface WorkerUseCases {

  /** The integration's one clock. */
  Clock clock();

  /** Lists the MSP's managed tenants and records them; returns how many are listed. */
  int discover(MspTenantId msp);

  /** Opens (or re-opens) a run and returns the tenants to sync. */
  List<TenantTarget> beginRun(RunRequest request);

  void tenantStarted(MspTenantId msp, String runId, TenantTarget target);

  /** Syncs one tenant, page by page, reporting each page's checkpoint to {@code progress}. */
  TenantSyncOutcome syncTenant(TenantSyncCommand command, SyncProgressListener progress);

  void tenantProgress(MspTenantId msp, String runId, TenantTarget target, SyncCounters soFar, Instant startedAt);

  /** The run's progress of one tenant's sync as a listener of its checkpoints (written only when it says something new). */
  SyncProgressListener progressOf(MspTenantId msp, String runId, TenantTarget target, Instant startedAt);

  void tenantFinished(MspTenantId msp, TenantSyncResult result);

  /**
   * Syncs one tenant and records its final result ({@code result} makes it from the outcome) with the
   * tenant's round end (its delta cursor and user count) in one atomic step where the storage allows:
   * a crash never leaves a new cursor without its round's result. The default syncs, then records.
   */
  default TenantSyncOutcome syncAndRecordTenant(TenantSyncCommand command, SyncProgressListener progress,
      java.util.function.Function<TenantSyncOutcome, TenantSyncResult> result) {
    TenantSyncOutcome outcome = syncTenant(command, progress);
    tenantFinished(command.msp(), result.apply(outcome));
    return outcome;
  }

  /** Closes the run with its final status; {@code error} null unless the run itself failed. */
  RunStatus finishRun(MspTenantId msp, String runId, String error);

  /**
   * Reports that an upstream throttled this MSP's work and asked to wait (the wait itself happens as
   * Temporal's next retry delay); {@code tenantId} null for the partner's own calls.
   */
  void upstreamThrottled(MspTenantId msp, EntraTenantId tenantId, Duration wait);
}
