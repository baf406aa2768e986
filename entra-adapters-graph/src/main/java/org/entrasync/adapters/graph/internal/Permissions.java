package org.entrasync.adapters.graph.internal;

import java.util.Locale;
import java.util.Set;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.model.EntraTenantId;

/**
 * The delegated Graph permissions a token response granted ({@code scope}: space-separated, with or
 * without the {@code https://graph.microsoft.com/} prefix), checked before a call that needs one, so a
 * missing permission is named instead of showing up as empty or half-read answers.
 */
public final class Permissions {
  /** Reads every user with every property the sync selects (not only the basic profile). */
  public static final Set<String> READ_ALL_USERS =
      Set.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");
  /** Lists the partner's GDAP customers ({@code delegatedAdminCustomers}). */
  public static final Set<String> READ_CUSTOMERS =
      Set.of("DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All");

  private static final String GRAPH_PREFIX = "https://graph.microsoft.com/";

  private Permissions() {}

  /** A customer tenant whose token cannot read every user property. */
  public static ConsentMissingException usersScopeMissing(EntraTenantId tenant, String granted) {
    return new ConsentMissingException(tenant, ConsentMissingException.Remedy.GRANT_SCOPE, "permission missing for "
        + tenant + ": its token grants no User.Read.All (granted: " + granted + "), so Microsoft Graph would answer"
        + " without accountEnabled and the other properties the sync reads. Add the delegated permission"
        + " User.Read.All to the app registration and grant consent in this customer tenant again; the other"
        + " tenants are not affected.", null);
  }

  /** The partner's token cannot list the partner's customers. */
  public static ConsentMissingException customersScopeMissing(String partnerTenantId, String granted) {
    EntraTenantId partner = null;
    try {
      partner = partnerTenantId == null ? null : EntraTenantId.of(partnerTenantId);
    } catch (IllegalArgumentException notATenantId) {
      // the message still says what to do
    }
    return new ConsentMissingException(partner, ConsentMissingException.Remedy.GRANT_SCOPE, "permission missing for"
        + " the partner tenant: the partner's sign-in grants no DelegatedAdminRelationship.Read.All (granted: "
        + granted + "), which listing the GDAP customers needs. Add the delegated permission"
        + " DelegatedAdminRelationship.Read.All to the app registration, grant admin consent in the partner tenant"
        + " and sign in again.", null);
  }

  /**
   * Whether {@code granted} holds one of {@code anyOf}; true when nothing is known ({@code granted}
   * null or blank): then Graph's own answer decides.
   */
  public static boolean grantsAny(String granted, Set<String> anyOf) {
    if (granted == null || granted.isBlank()) {
      return true;
    }
    for (String scope : granted.trim().split("\\s+")) {
      String name = scope.regionMatches(true, 0, GRAPH_PREFIX, 0, GRAPH_PREFIX.length())
          ? scope.substring(GRAPH_PREFIX.length()) : scope;
      for (String wanted : anyOf) {
        if (wanted.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
    }
    return false;
  }
}
