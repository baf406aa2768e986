package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.spi.MspTenantId;

/**
 * Everything a tenant sync needs to start, read together (one statement where the store allows),
 * scoped by the MSP tenant: the active connection and its generation, the settings, the managed
 * tenant (its delta cursor), its links as a round starts, what it holds back from deletion and how
 * many of its identities await review. Most tenants of a large MSP change nothing between two
 * rounds; for them this read is most of what a round costs the database.
 */
public interface TenantSyncStartState {

  /**
   * @param since when the round's listing starts: the links' {@link ContactLinkRepository.TenantLinks#unheardSince}
   *     counts the identities not seen since then
   */
  Start read(MspTenantId msp, EntraTenantId tenantId, Instant since);

  /**
   * @param connection the MSP's active connection and its generation, if any
   * @param settings the MSP's settings ({@link SyncSettings#DEFAULT} if never saved)
   * @param tenant the managed tenant, if it was ever discovered for this MSP
   * @param links the tenant's links as the round starts
   * @param held what the tenant holds back from deletion, if anything
   * @param openReviews the tenant's open reconciliation items
   * @param reviewHistory whether the tenant has any reconciliation item at all (open, resolved or
   *     dismissed); true when not known. When false, a round needs no queue state for the identities
   *     it has not queued itself, and does not read it
   * @param activeLinks whether the tenant has any active link (one the sync inactivated included);
   *     true when not known. When false and the tenant has no review history either, a round reads
   *     the links of the identities it has listed before only
   */
  record Start(Optional<ConnectionRepository.ActiveConnection> connection, SyncSettings settings,
      Optional<ManagedTenant> tenant, ContactLinkRepository.TenantLinks links, Optional<HeldDeletions> held,
      int openReviews, boolean reviewHistory, boolean activeLinks) {
    public Start {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(held, "held");
      if (openReviews < 0) {
        throw new IllegalArgumentException("An open review count cannot be negative");
      }
      if (openReviews > 0 && !reviewHistory) {
        throw new IllegalArgumentException("A tenant with open reviews has a review history");
      }
      if ((links.inSync() > 0 || !links.pendingRemovals().isEmpty()) && !activeLinks) {
        throw new IllegalArgumentException("A tenant with links in sync or pending removals has active links");
      }
    }

    /** A start whose review history and links are not known (assumed: both are read per page). */
    public Start(Optional<ConnectionRepository.ActiveConnection> connection, SyncSettings settings,
        Optional<ManagedTenant> tenant, ContactLinkRepository.TenantLinks links, Optional<HeldDeletions> held,
        int openReviews) {
      this(connection, settings, tenant, links, held, openReviews, true, true);
    }
  }

  /**
   * The start state read through the separate ports, one read each: for a store without a combined
   * read (and the in-memory fakes, which answer it from the same state as the ports they share).
   */
  static TenantSyncStartState composedOf(ConnectionRepository connections, SyncSettingsRepository settings,
      ManagedTenantRepository tenants, ContactLinkRepository links, HeldDeletionRepository held,
      ReconciliationQueueRepository queue) {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(held, "held");
    Objects.requireNonNull(queue, "queue");
    return (msp, tenantId, since) -> new Start(connections.findActiveWithGeneration(msp), settings.get(msp),
        tenants.find(msp, tenantId), links.tenantLinks(msp, tenantId, since), held.find(msp, tenantId),
        queue.countOpen(msp, tenantId), queue.hasAny(msp, tenantId), links.countActive(msp, tenantId) > 0);
  }
}
