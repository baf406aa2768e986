package org.entrasync.spi;

import java.util.List;
import java.util.Objects;

/**
 * A contact the sync asks the host to create. Bounded ({@link FieldLimits}): the name and role are
 * cut at their limits; an over-long email or UPN, or more than {@link
 * FieldLimits#MAX_CONTACT_PHONES} phones, is refused.
 *
 * @param requestKey correlates the outcome with the request (the Entra object id)
 * @param email the normalized email address
 */
public record NewContact(
    String requestKey,
    String clientId,
    String fullName,
    String email,
    String role,
    String userPrincipalName,
    List<ContactPhone> phones) {
  public NewContact {
    if (requestKey == null || requestKey.isBlank()) {
      throw new IllegalArgumentException("A new contact needs a request key");
    }
    Objects.requireNonNull(clientId, "clientId");
    if (email == null || email.isBlank()) {
      throw new IllegalArgumentException("A new contact needs an email");
    }
    if (fullName == null || fullName.isBlank()) {
      throw new IllegalArgumentException("A new contact needs a name");
    }
    // Bounded so no writer is handed an unbounded value: texts cut, identifiers refused.
    fullName = FieldLimits.truncate(fullName, FieldLimits.DISPLAY_NAME);
    role = FieldLimits.truncate(role, FieldLimits.JOB_TITLE);
    FieldLimits.requireAtMost(email, FieldLimits.EMAIL_ADDRESS, "A new contact's email");
    FieldLimits.requireAtMost(userPrincipalName, FieldLimits.EMAIL_ADDRESS, "A new contact's user principal name");
    phones = phones == null ? List.of() : ContactPhone.bounded(phones);
  }
}
