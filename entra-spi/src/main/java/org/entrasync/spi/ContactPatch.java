package org.entrasync.spi;

import java.util.List;
import java.util.Objects;

/**
 * Field changes to an existing contact. A null field means "leave as is"; only fields whose
 * overwrite toggle is on are ever set.
 */
public record ContactPatch(
    String contactId,
    String fullName,
    String email,
    String role,
    String userPrincipalName,
    List<ContactPhone> phones) {
  public ContactPatch {
    Objects.requireNonNull(contactId, "contactId");
    phones = phones == null ? null : List.copyOf(phones);
  }

  public boolean isEmpty() {
    return fullName == null && email == null && role == null && userPrincipalName == null && phones == null;
  }
}
