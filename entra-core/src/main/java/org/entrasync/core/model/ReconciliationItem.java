package org.entrasync.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An identity with several plausible contacts, waiting for an operator.
 *
 * @param resolution how it was resolved: {@code linked:<contactId>}, {@code created:<contactId>}, or
 *     {@code dismissed}; null while open
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
    Instant resolvedAt) {
  public ReconciliationItem {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(status, "status");
    candidateContactIds = candidateContactIds == null ? List.of() : List.copyOf(candidateContactIds);
  }
}
