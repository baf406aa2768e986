package org.entrasync.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.entrasync.spi.ContactPhone;

/**
 * An identity with several plausible contacts, waiting for an operator.
 *
 * @param resolution how it was resolved: {@code linked:<contactId>}, {@code created:<contactId>}, or
 *     {@code dismissed}; null while open
 * @param values the rest of what Entra had for the identity when it was queued, so that a contact
 *     created from the item gets every value (with {@code email} and {@code displayName})
 */
public record ReconciliationItem(
    EntraTenantId tenantId,
    EntraObjectId objectId,
    String clientId,
    String email,
    String displayName,
    List<String> candidateContactIds,
    QueueStatus status,
    String resolution,
    String resolvedBy,
    Instant createdAt,
    Instant resolvedAt,
    Values values) {
  public ReconciliationItem {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(status, "status");
    candidateContactIds = candidateContactIds == null ? List.of() : List.copyOf(candidateContactIds);
    values = values == null ? Values.NONE : values;
  }

  /** An item without further values. */
  public ReconciliationItem(EntraTenantId tenantId, EntraObjectId objectId, String clientId, String email,
      String displayName, List<String> candidateContactIds, QueueStatus status, String resolution, String resolvedBy,
      Instant createdAt, Instant resolvedAt) {
    this(tenantId, objectId, clientId, email, displayName, candidateContactIds, status, resolution, resolvedBy,
        createdAt, resolvedAt, Values.NONE);
  }

  /** The same item in another state (the values stay). */
  public ReconciliationItem withState(QueueStatus status, String resolution, String resolvedBy, Instant resolvedAt) {
    return new ReconciliationItem(tenantId, objectId, clientId, email, displayName, candidateContactIds, status,
        resolution, resolvedBy, createdAt, resolvedAt, values);
  }

  /**
   * Entra's values of a queued identity besides its email and name.
   *
   * @param jobTitle Entra's job title (a contact's role), or null
   * @param userPrincipalName the UPN, or null
   * @param phones business (work) and mobile numbers, as a created contact gets them
   */
  public record Values(String jobTitle, String userPrincipalName, List<ContactPhone> phones) {
    public static final Values NONE = new Values(null, null, List.of());

    public Values {
      phones = phones == null ? List.of() : List.copyOf(phones);
    }
  }
}
