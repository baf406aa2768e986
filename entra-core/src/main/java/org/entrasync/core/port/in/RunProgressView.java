package org.entrasync.core.port.in;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;

/**
 * A run's progress as the database holds it, readable while the run is in flight without access to
 * Temporal: how many tenants are done and running, and the counters so far, including what the
 * running tenants' pages have already done.
 *
 * @param processedTenants tenants whose sync ended (completed, failed or skipped)
 * @param runningTenants tenants whose sync is under way now
 * @param countersSoFar the finished tenants' counters plus the running tenants' counters so far
 */
public record RunProgressView(
    String runId,
    SyncKind kind,
    RunStatus status,
    boolean dryRun,
    String initiatedBy,
    int totalTenants,
    int processedTenants,
    int runningTenants,
    int failedTenants,
    SyncCounters countersSoFar,
    Instant startedAt,
    Instant finishedAt) {
  public RunProgressView {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    countersSoFar = countersSoFar == null ? SyncCounters.ZERO : countersSoFar;
  }

  public boolean inFlight() {
    return finishedAt == null && (status == RunStatus.RUNNING || status == RunStatus.QUEUED);
  }
}
