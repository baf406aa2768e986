package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.models.User;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.UntypedString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Graph {@code user} (SDK model) to the core's {@link DirectoryChange}. */
public final class UserMapper {
  /** The properties read from Graph, for {@code /users} and {@code /users/delta} alike. */
  public static final String[] SELECT = {
    "id", "displayName", "givenName", "surname", "mail", "userPrincipalName", "proxyAddresses",
    "accountEnabled", "userType", "jobTitle", "mobilePhone", "businessPhones", "assignedLicenses"
  };

  private static final Logger LOG = LoggerFactory.getLogger(UserMapper.class);

  private UserMapper() {}

  /** The change for one entry, or empty for an entry without a usable object id (logged). */
  public static Optional<DirectoryChange> toChange(User user) {
    EntraObjectId id;
    try {
      id = EntraObjectId.of(user.getId());
    } catch (IllegalArgumentException e) {
      LOG.warn("Skipping a Graph user entry without a valid object id");
      return Optional.empty();
    }
    Map<String, Object> extra = user.getAdditionalData();
    Object removed = extra == null ? null : extra.get("@removed");
    if (removed != null) {
      String reason = removalReason(removed);
      DirectoryChange.RemovalKind kind = "deleted".equalsIgnoreCase(reason)
          ? DirectoryChange.RemovalKind.DELETED
          : DirectoryChange.RemovalKind.SOFT_DELETED;
      return Optional.of(new DirectoryChange.Removed(id, kind));
    }
    List<?> licenses = user.getAssignedLicenses();
    DirectoryUser mapped = new DirectoryUser(
        id,
        user.getUserPrincipalName(),
        user.getMail(),
        user.getProxyAddresses(),
        user.getDisplayName(),
        user.getGivenName(),
        user.getSurname(),
        user.getAccountEnabled(), // absent stays null: unknown is never "enabled"
        user.getUserType(),
        user.getJobTitle(),
        user.getMobilePhone(),
        user.getBusinessPhones(),
        licenses == null ? null : licenses.size());
    return Optional.of(new DirectoryChange.Present(mapped));
  }

  private static String removalReason(Object removed) {
    if (removed instanceof UntypedObject) {
      UntypedNode reason = ((UntypedObject) removed).getValue().get("reason");
      if (reason instanceof UntypedString) {
        return ((UntypedString) reason).getValue();
      }
      return null;
    }
    if (removed instanceof Map) {
      Object reason = ((Map<?, ?>) removed).get("reason");
      return reason == null ? null : reason.toString();
    }
    return null;
  }
}
