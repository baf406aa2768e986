package org.entrasync.spi;

import java.util.List;
import java.util.Objects;

/**
 * Field changes to an existing contact. A null field means "leave as is"; only fields whose
 * overwrite toggle is on are ever set. Bounded like {@link NewContact}.
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
    fullName = FieldLimits.truncate(fullName, FieldLimits.DISPLAY_NAME);
    role = FieldLimits.truncate(role, FieldLimits.JOB_TITLE);
    FieldLimits.requireAtMost(email, FieldLimits.EMAIL_ADDRESS, "A patched email");
    FieldLimits.requireAtMost(userPrincipalName, FieldLimits.EMAIL_ADDRESS, "A patched user principal name");
    phones = phones == null ? null : ContactPhone.bounded(phones);
  }

  public boolean isEmpty() {
    return fullName == null && email == null && role == null && userPrincipalName == null && phones == null;
  }
}
