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

  /**
   * This final result as recorded over what was recorded while the tenant ran ({@code earlier}, or
   * null): a missing start time keeps the recorded one, and a failed result that reports no counters
   * keeps the progress recorded so far (what its pages did happened). The one merge rule of a
   * tenant's result; a repository that records in SQL states the same rule there.
   */
  public TenantSyncResult over(TenantSyncResult earlier) {
    if (earlier == null) {
      return this;
    }
    SyncCounters kept = keepsRecordedCounters() ? earlier.counters() : counters;
    return new TenantSyncResult(runId, tenantId, clientId, status, kept, eligibleUsers, eligibleObservedAt, error,
        startedAt == null ? earlier.startedAt() : startedAt, finishedAt, deletionsHeld);
  }

  /** Whether this result reports no counters of its own: a failure before or without a page's count. */
  public boolean keepsRecordedCounters() {
    return status == TenantRunStatus.FAILED && counters.total() == 0;
  }

  /** A result without held deletions. */
  public TenantSyncResult(String runId, EntraTenantId tenantId, String clientId, TenantRunStatus status,
      SyncCounters counters, Integer eligibleUsers, Instant eligibleObservedAt, String error, Instant startedAt,
      Instant finishedAt) {
    this(runId, tenantId, clientId, status, counters, eligibleUsers, eligibleObservedAt, error, startedAt, finishedAt, 0);
  }
}
