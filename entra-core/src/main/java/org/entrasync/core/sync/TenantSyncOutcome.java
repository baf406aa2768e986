package org.entrasync.core.sync;

import java.time.Instant;
import java.util.List;
import org.entrasync.core.model.SyncCounters;

/**
 * What one tenant sync did.
 *
 * @param eligibleUsers users that passed the filters (see {@link org.entrasync.core.internal.sync.TenantSyncService} for delta rounds)
 * @param note operator-facing remark for a completed sync, e.g. why deleted users were not inferred
 * @param dryRun the per-identity buckets of a dry run; empty for real runs
 * @param deletionsHeld inactivations the deletion-safety valve held back (counted as unchanged,
 *     never as inactivated)
 */
public record TenantSyncOutcome(
    SyncCounters counters, int eligibleUsers, Instant observedAt, String note, List<DryRunEntry> dryRun,
    int deletionsHeld) {
  public TenantSyncOutcome {
    dryRun = dryRun == null ? List.of() : List.copyOf(dryRun);
    if (deletionsHeld < 0) {
      throw new IllegalArgumentException("deletionsHeld cannot be negative");
    }
  }
}
