package org.entrasync.adapters.graph.internal;

import java.util.Optional;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Graph {@code user} entry ({@link UserListingPage.Entry}) to the core's {@link DirectoryChange}. */
public final class UserMapper {
  /** The properties read from Graph, for {@code /users} and {@code /users/delta} alike. */
  public static final String[] SELECT = {
    "id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "proxyAddresses",
    "accountEnabled", "userType", "jobTitle", "mobilePhone", "businessPhones", "assignedLicenses"
  };

  private static final Logger LOG = LoggerFactory.getLogger(UserMapper.class);

  private UserMapper() {}

  /** The change for one entry of a full listing (every field reported), or empty without a usable id. */
  public static Optional<DirectoryChange> toChange(UserListingPage.Entry user) {
    return toChange(user, false);
  }

  /**
   * The change for one entry, or empty for an entry without a usable object id (logged). In a delta
   * round ({@code partialAllowed}) it reports exactly the properties the entry carried: one Graph left
   * out did not change. A full listing reports every field, a missing one as unknown (null).
   */
  public static Optional<DirectoryChange> toChange(UserListingPage.Entry user, boolean partialAllowed) {
    EntraObjectId id;
    try {
      id = EntraObjectId.of(user.id());
    } catch (IllegalArgumentException e) {
      LOG.warn("Skipping a Graph user entry without a valid object id");
      return Optional.empty();
    }
    if (user.removed() != null) {
      DirectoryChange.RemovalKind kind = "deleted".equalsIgnoreCase(user.removed().reason())
          ? DirectoryChange.RemovalKind.DELETED
          : DirectoryChange.RemovalKind.SOFT_DELETED;
      return Optional.of(new DirectoryChange.Removed(id, kind));
    }
    DirectoryUser mapped = new DirectoryUser(
        id,
        user.userPrincipalName(),
        user.mail(),
        user.proxyAddresses(),
        user.displayName(),
        user.givenName(),
        user.surname(),
        user.accountEnabled(), // absent stays null: unknown is never "enabled"
        user.userType(),
        user.jobTitle(),
        user.mobilePhone(),
        user.businessPhones(),
        user.assignedLicenseCount());
    return Optional.of(partialAllowed
        ? new DirectoryChange.Present(mapped, user.reported())
        : new DirectoryChange.Present(mapped));
  }
}
