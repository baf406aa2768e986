package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.spi.MspTenantId;

/**
 * Identity-to-contact links. One link per (MSP, Entra tenant, object id); one active link per
 * contact. Links are never deleted.
 */
public interface ContactLinkRepository {

  /** Active links of these identities of one tenant (one round trip). */
  Map<EntraObjectId, ContactLink> findActiveByObjectIds(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds);

  /** Which of these contacts already have an active link, to any identity (one round trip). */
  Set<String> findLinkedContactIds(MspTenantId msp, Collection<String> contactIds);

  Optional<ContactLink> findActiveByContact(MspTenantId msp, String contactId);

  /**
   * Inserts or updates links keyed by (tenant, object id); a link that moves to another contact
   * replaces the old contact id. Idempotent. The pending removal is not written here (a new link has
   * none; an existing link keeps its own): only {@link #markPendingRemoval} and {@link
   * #clearPendingRemoval} change it.
   */
  void upsert(MspTenantId msp, List<ContactLink> links);

  /**
   * Forgets the reason the sync once inactivated these identities' contacts for (their contacts were
   * seen active: the reason is stale). One round trip; identities without a link are ignored.
   */
  void clearSyncReason(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds);

  /**
   * Records pending removals: these identities were reported deleted or disabled upstream (or are
   * held missing), with the reason their contacts would be inactivated for, at {@code at}. The
   * deletion-safety valve decides them after the listing; recording them on the link makes them
   * survive a retried activity. One round trip; identities without an active link are ignored.
   */
  void markPendingRemoval(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, InactiveReason> reasons, Instant at);

  /** Drops the pending removals of these identities (they came back, or were decided). One round trip. */
  void clearPendingRemoval(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds);

  /** Active links of a tenant with a pending removal, ordered by object id. */
  List<ContactLink> findPendingRemovals(MspTenantId msp, EntraTenantId tenantId);

  /**
   * Active links of a tenant not seen since {@code since}, without a pending removal and not
   * inactivated by the sync as deleted: the linked identities a delta round did not hear about, which
   * it counts as unchanged.
   */
  int countUnheardSince(MspTenantId msp, EntraTenantId tenantId, Instant since);

  /**
   * Records the account state last reported for these identities' active links ({@link
   * ContactLink#accountEnabled()}); no other column changes.
   */
  void recordAccountEnabled(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, Boolean> enabled);

  /** Sets last-seen of these identities' links (a full listing saw them). */
  void markSeen(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds, Instant seenAt);

  /** Number of active links of a tenant. */
  int countActive(MspTenantId msp, EntraTenantId tenantId);

  /**
   * Number of active links of a tenant whose contact the sync has not marked inactive: the
   * identities currently in sync (the base of the deletion-safety share and of a delta round's
   * eligible user count).
   */
  int countInSync(MspTenantId msp, EntraTenantId tenantId);

  /**
   * Active links of a tenant whose contact the sync has not inactivated as deleted and whose
   * last-seen is before {@code listingStartedAt}: the identities a complete listing no longer has.
   */
  List<ContactLink> findActiveNotSeenSince(MspTenantId msp, EntraTenantId tenantId, Instant listingStartedAt);

  /** All links of the MSP (active or not), ordered by tenant then object id. */
  List<ContactLink> listAll(MspTenantId msp);

  /**
   * A tenant's links as a sync round starts: {@link #countInSync}, {@link #countUnheardSince}
   * {@code since} and {@link #findPendingRemovals}, read together (one round trip where the store
   * allows). A round that then writes nothing has nothing else to read about its links.
   */
  record TenantLinks(int inSync, int unheardSince, List<ContactLink> pendingRemovals) {
    public TenantLinks {
      if (inSync < 0 || unheardSince < 0) {
        throw new IllegalArgumentException("Link counts cannot be negative");
      }
      pendingRemovals = List.copyOf(pendingRemovals);
    }
  }

  /** See {@link TenantLinks}; the default reads through the three methods it names. */
  default TenantLinks tenantLinks(MspTenantId msp, EntraTenantId tenantId, Instant since) {
    return new TenantLinks(countInSync(msp, tenantId), countUnheardSince(msp, tenantId, since),
        findPendingRemovals(msp, tenantId));
  }
}
