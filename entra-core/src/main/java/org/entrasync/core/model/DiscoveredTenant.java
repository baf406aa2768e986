package org.entrasync.core.model;

import java.util.Objects;

/**
 * A managed customer tenant as a directory gateway lists it.
 *
 * @param primaryDomain the default verified domain, or null when unknown
 * @param userCount the tenant's user count if the source reported one, else null
 */
public record DiscoveredTenant(EntraTenantId id, String displayName, String primaryDomain, Integer userCount) {
  public DiscoveredTenant {
    Objects.requireNonNull(id, "id");
    displayName = displayName == null || displayName.isBlank() ? id.value() : displayName.strip();
    primaryDomain = primaryDomain == null || primaryDomain.isBlank() ? null : primaryDomain.strip().toLowerCase(java.util.Locale.ROOT);
    if (userCount != null && userCount < 0) {
      throw new IllegalArgumentException("userCount cannot be negative");
    }
  }
}
