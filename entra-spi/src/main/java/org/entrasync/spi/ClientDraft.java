package org.entrasync.spi;

/**
 * A client to create for an approved {@code create_new} mapping decision.
 *
 * @param provisioningKey the Entra tenant id the client is created for; creating twice with the same
 *     key must return the client created the first time
 * @param name the tenant's display name
 * @param primaryDomain the tenant's primary domain, or null
 */
public record ClientDraft(String provisioningKey, String name, String primaryDomain) {
  public ClientDraft {
    if (provisioningKey == null || provisioningKey.isBlank()) {
      throw new IllegalArgumentException("A client draft needs a provisioning key");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A client draft needs a name");
    }
  }
}
