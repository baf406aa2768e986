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
   * replaces the old contact id. Idempotent.
   */
  void upsert(MspTenantId msp, List<ContactLink> links);

  /**
   * Forgets the reason the sync once inactivated these identities' contacts for (their contacts were
   * seen active: the reason is stale). One round trip; identities without a link are ignored.
   */
  void clearSyncReason(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds);

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
}
