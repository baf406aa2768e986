package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The link between one Entra identity and one host contact. Links are never deleted.
 *
 * @param active false when the link was detached (the identity was re-linked to another contact);
 *     at most one active link per contact
 * @param syncInactivated the reason, when the sync itself marked the contact inactive; null
 *     otherwise. Reactivation reads the contact's own state too (see {@code
 *     SyncPlanner.inactivatedBySync}).
 * @param pendingRemoval the identity was reported deleted or disabled upstream (or held missing)
 *     and the deletion-safety valve has not decided yet: the reason its contact would be inactivated
 *     for; null otherwise
 * @param pendingSince when that removal was last reported (or held); null without one
 * @param accountEnabled the identity's account state as last reported upstream (a partial delta entry
 *     that does not resend it keeps this one): false disabled, true enabled, null not recorded (links
 *     from before it was, and links whose identity was only ever seen enabled)
 */
public record ContactLink(
    EntraTenantId tenantId,
    EntraObjectId objectId,
    String contactId,
    String clientId,
    boolean active,
    InactiveReason syncInactivated,
    Instant lastSeenAt,
    Instant lastSyncedAt,
    InactiveReason pendingRemoval,
    Instant pendingSince,
    Boolean accountEnabled) {
  public ContactLink {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(clientId, "clientId");
    if ((pendingRemoval == null) != (pendingSince == null)) {
      throw new IllegalArgumentException("A pending removal has a reason and a time, or neither");
    }
  }

  /** A link without a recorded account state. */
  public ContactLink(EntraTenantId tenantId, EntraObjectId objectId, String contactId, String clientId, boolean active,
      InactiveReason syncInactivated, Instant lastSeenAt, Instant lastSyncedAt, InactiveReason pendingRemoval,
      Instant pendingSince) {
    this(tenantId, objectId, contactId, clientId, active, syncInactivated, lastSeenAt, lastSyncedAt, pendingRemoval,
        pendingSince, null);
  }

  /** This link with {@code accountEnabled} recorded. */
  public ContactLink withAccountEnabled(Boolean enabled) {
    return new ContactLink(tenantId, objectId, contactId, clientId, active, syncInactivated, lastSeenAt, lastSyncedAt,
        pendingRemoval, pendingSince, enabled);
  }

  /** A link without a pending removal. */
  public ContactLink(EntraTenantId tenantId, EntraObjectId objectId, String contactId, String clientId, boolean active,
      InactiveReason syncInactivated, Instant lastSeenAt, Instant lastSyncedAt) {
    this(tenantId, objectId, contactId, clientId, active, syncInactivated, lastSeenAt, lastSyncedAt, null, null);
  }
}
