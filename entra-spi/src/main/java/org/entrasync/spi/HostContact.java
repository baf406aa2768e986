package org.entrasync.spi;

import java.util.List;
import java.util.Objects;

/**
 * A contact of the host PSA as the sync sees it.
 *
 * @param email the contact's email as stored (matching normalizes it with {@link EmailNormalization})
 * @param userPrincipalName the Entra UPN kept on the contact, if the host stores one
 * @param inactiveReason why the contact is inactive, when it is
 */
public record HostContact(
    String id,
    String clientId,
    String fullName,
    String email,
    String role,
    String userPrincipalName,
    List<ContactPhone> phones,
    boolean inactive,
    String inactiveReason) {
  public HostContact {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("A host contact needs an id");
    }
    Objects.requireNonNull(clientId, "clientId");
    phones = phones == null ? List.of() : List.copyOf(phones);
  }
}
