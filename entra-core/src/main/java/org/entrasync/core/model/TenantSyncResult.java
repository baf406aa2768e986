package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant's outcome within a run.
 *
 * @param eligibleUsers users that passed the filters in this sync, or null if not known (failed)
 * @param eligibleObservedAt when {@code eligibleUsers} was observed
 * @param error operator-facing explanation when failed, or a note (e.g. deletion inference refused)
 * @param deletionsHeld inactivations the deletion-safety valve held back in this sync (not counted
 *     as inactivated)
 */
public record TenantSyncResult(
    String runId,
    EntraTenantId tenantId,
    String clientId,
    TenantRunStatus status,
    SyncCounters counters,
    Integer eligibleUsers,
    Instant eligibleObservedAt,
    String error,
    Instant startedAt,
    Instant finishedAt,
    int deletionsHeld) {
  public TenantSyncResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(status, "status");
    counters = counters == null ? SyncCounters.ZERO : counters;
    if (deletionsHeld < 0) {
      throw new IllegalArgumentException("deletionsHeld cannot be negative");
    }
  }

  /** A result without held deletions. */
  public TenantSyncResult(String runId, EntraTenantId tenantId, String clientId, TenantRunStatus status,
      SyncCounters counters, Integer eligibleUsers, Instant eligibleObservedAt, String error, Instant startedAt,
      Instant finishedAt) {
    this(runId, tenantId, clientId, status, counters, eligibleUsers, eligibleObservedAt, error, startedAt, finishedAt, 0);
  }
}
