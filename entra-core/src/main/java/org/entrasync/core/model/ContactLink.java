package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The link between one Entra identity and one host contact. Links are never deleted.
 *
 * @param active false when the link was detached (the identity was re-linked to another contact);
 *     at most one active link per contact
 * @param syncInactivated the reason, when the sync itself marked the contact inactive; null
 *     otherwise. Only such contacts are reactivated when the identity is enabled again.
 */
public record ContactLink(
    EntraTenantId tenantId,
    EntraObjectId objectId,
    String contactId,
    String clientId,
    boolean active,
    InactiveReason syncInactivated,
    Instant lastSeenAt,
    Instant lastSyncedAt) {
  public ContactLink {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(clientId, "clientId");
  }
}
