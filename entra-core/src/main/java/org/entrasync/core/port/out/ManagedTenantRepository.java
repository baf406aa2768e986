package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.spi.MspTenantId;

/** Discovered customer tenants. Never deleted: a tenant that vanishes is marked not present. */
public interface ManagedTenantRepository {

  /**
   * Records one discovery: new tenants inserted, known ones updated (name, domain, user count,
   * last seen, present again), every other tenant of the MSP marked not present. One transaction.
   * A domain or user count the listing could not read (null: a customer throttled during
   * enrichment) keeps the known value; unknown is not "none".
   */
  void recordDiscovery(MspTenantId msp, List<DiscoveredTenant> tenants, Instant seenAt);

  /** All tenants of the MSP, present or not, ordered by display name then id. */
  List<ManagedTenant> list(MspTenantId msp);

  Optional<ManagedTenant> find(MspTenantId msp, EntraTenantId tenantId);

  /**
   * Clears the delta cursor of every tenant of the MSP (one statement), so the next sync of each is
   * a full listing: needed when settings change what a sync does with users that did not change.
   */
  void clearDeltaCursors(MspTenantId msp);

  /** Stores (or clears, with null) the delta cursor of a tenant. */
  void saveDeltaCursor(MspTenantId msp, EntraTenantId tenantId, String deltaCursor);

  /** Records the eligible user count of a completed, non-dry-run sync. */
  void recordCompletedSync(MspTenantId msp, EntraTenantId tenantId, int eligibleUsers, Instant observedAt);

  /**
   * What a sync round leaves on its tenant, written together (one statement where the store allows):
   * the delta cursor, replaced (null clears it) when {@code replaceCursor}, else kept; and, when
   * {@code eligibleUsers} is not null, the eligible user count of a completed, non-dry-run sync
   * observed at {@code observedAt}.
   */
  record SyncEnd(boolean replaceCursor, String deltaCursor, Integer eligibleUsers, Instant observedAt) {
    public SyncEnd {
      if (eligibleUsers != null && observedAt == null) {
        throw new IllegalArgumentException("An eligible user count needs the time it was observed");
      }
      if (!replaceCursor && deltaCursor != null) {
        throw new IllegalArgumentException("A kept cursor has no new value");
      }
    }

    /** Whether there is anything to write. */
    public boolean isEmpty() {
      return !replaceCursor && eligibleUsers == null;
    }
  }

  /** Records a round's end ({@link SyncEnd}); the default writes through the two methods above. */
  default void recordSyncEnd(MspTenantId msp, EntraTenantId tenantId, SyncEnd end) {
    if (end.replaceCursor()) {
      saveDeltaCursor(msp, tenantId, end.deltaCursor());
    }
    if (end.eligibleUsers() != null) {
      recordCompletedSync(msp, tenantId, end.eligibleUsers(), end.observedAt());
    }
  }
}
