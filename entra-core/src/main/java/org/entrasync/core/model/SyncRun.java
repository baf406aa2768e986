package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/**
 * One sync run (a workflow execution) and its summary.
 *
 * @param runId the run's id (unique per MSP tenant; the workflow run id)
 * @param workflowId the deterministic workflow id it ran under
 * @param scope what it covered: {@code all}, or {@code client:<id>}
 */
public record SyncRun(
    MspTenantId msp,
    String runId,
    String workflowId,
    SyncKind kind,
    RunStatus status,
    boolean dryRun,
    String initiatedBy,
    String scope,
    int totalTenants,
    int processedTenants,
    SyncCounters counters,
    Instant startedAt,
    Instant finishedAt,
    String error) {
  public SyncRun {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    counters = counters == null ? SyncCounters.ZERO : counters;
    if (processedTenants > totalTenants && totalTenants >= 0) {
      throw new IllegalArgumentException("processed tenants cannot exceed the total");
    }
  }
}
