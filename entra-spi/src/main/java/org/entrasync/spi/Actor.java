package org.entrasync.spi;

import java.util.Objects;

/** Who is calling: a user of one MSP tenant, either internal staff or a client-portal user. */
public record Actor(MspTenantId tenant, String userId, UserType userType) {
  public Actor {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(userType, "userType");
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("An actor needs a user id");
    }
  }

  public static Actor internal(MspTenantId tenant, String userId) {
    return new Actor(tenant, userId, UserType.INTERNAL);
  }

  /** Who the acting user is to the host; only MSP staff may use any Entra surface. */
  public enum UserType {
    /** MSP staff. */
    INTERNAL,
    /** A user of the host's client portal: never allowed any Entra surface. */
    CLIENT_PORTAL
  }
}
