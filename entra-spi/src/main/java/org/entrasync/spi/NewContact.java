package org.entrasync.spi;

import java.util.List;
import java.util.Objects;

/**
 * A contact the sync asks the host to create.
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
    phones = phones == null ? List.of() : List.copyOf(phones);
  }
}
