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
}
