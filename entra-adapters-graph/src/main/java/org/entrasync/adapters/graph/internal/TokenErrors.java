package org.entrasync.adapters.graph.internal;

import java.util.Set;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.ConsentMissingException.Remedy;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;

/**
 * Classifies token endpoint failures (graph.md section 1) into the library's errors. Branches on the
 * {@code error} field first and uses the AADSTS codes to tell a dead partner grant from a problem of
 * one customer tenant.
 */
public final class TokenErrors {
  /** The partner's refresh token (the whole connection) is no longer usable. */
  static final Set<Integer> PARTNER_GRANT_DEAD = Set.of(700082, 70008, 50173, 70043, 50132, 50133);

  private TokenErrors() {}

  /** A failure while signing in or refreshing the partner's own token. */
  public static EntraException forPartner(TokenEndpointException e) {
    EntraException common = common(e);
    if (common != null) {
      return common;
    }
    if (e.hasCode(65001)) {
      return new CredentialRejectedException(CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION,
          "The Microsoft app has no consent in the partner tenant (" + e.codesText() + "). The partner admin must"
              + " sign in again and grant consent to the requested permissions.");
    }
    if ("invalid_grant".equals(e.error()) || anyOf(e, PARTNER_GRANT_DEAD)) {
      return partnerReauth(e);
    }
    return rejected(e, "The Microsoft identity platform refused to issue a partner token");
  }

  /**
   * A failure while exchanging the partner's refresh token for a token of one customer tenant. Only
   * what is wrong with the partner's own grant or the app's credentials (the same for every tenant)
   * touches the connection; everything else the identity platform refuses for this tenant is this
   * tenant's {@link ConsentMissingException}, with the remedy its AADSTS code points at.
   */
  public static EntraException forCustomer(EntraTenantId tenant, TokenEndpointException e) {
    if (e.isTransport() || "temporarily_unavailable".equals(e.error()) || e.status() == 429 || e.status() >= 500) {
      return common(e);
    }
    if (anyOf(e, PARTNER_GRANT_DEAD)) {
      return partnerReauth(e);
    }
    if ("invalid_client".equals(e.error())) {
      return common(e); // the app's secret is the same for every tenant
    }
    String codes = codesSuffix(e);
    if (e.hasCode(700016) || "unauthorized_client".equals(e.error())) {
      return perTenant(tenant, Remedy.GRANT_CONSENT, "consent missing in " + tenant + ": the Microsoft app has no"
          + " service principal in this customer tenant (" + e.error() + codes + "). Grant admin consent in the"
          + " customer tenant, or application consent through Partner Center");
    }
    if (e.hasCode(65001) || "consent_required".equals(e.error())) {
      return perTenant(tenant, Remedy.GRANT_CONSENT, "consent missing in " + tenant + ": the Microsoft app has no"
          + " consent in this customer tenant (" + e.error() + codes + "). Grant admin consent in the customer"
          + " tenant, or application consent through Partner Center");
    }
    if (e.hasCode(50020) || e.hasCode(50177)) {
      return perTenant(tenant, Remedy.FIX_GDAP, "no GDAP access to " + tenant + ": the partner user has no access"
          + " to this customer tenant (" + e.error() + codes + "); its GDAP relationship may have ended or the"
          + " user is not in a security group with a role there. Give the partner's security group Directory"
          + " Readers or User Administrator in an active GDAP relationship");
    }
    if (e.hasCode(530034)) {
      return perTenant(tenant, Remedy.FIX_GDAP, "no GDAP access to " + tenant + ": delegated admin access to this"
          + " customer tenant is blocked because of suspicious activity (" + e.error() + codes + "). Resolve it in"
          + " Partner Center");
    }
    if (e.hasCode(90002)) {
      return perTenant(tenant, Remedy.FIX_GDAP, "no GDAP access to " + tenant + ": the identity platform does not"
          + " know this tenant (" + e.error() + codes + "). Check whether the customer relationship still exists");
    }
    if (e.hasCode(53003) || e.hasCode(530003) || "interaction_required".equals(e.error())) {
      return perTenant(tenant, Remedy.CONDITIONAL_ACCESS, "Conditional Access blocks " + tenant + ": a policy of"
          + " this customer tenant does not let the partner user obtain a token there (" + e.error() + codes
          + "). The customer's admin must exclude the app or the partner's users from that policy (or allow"
          + " the partner's MFA through cross-tenant access settings); signing in again does not help");
    }
    if ("invalid_grant".equals(e.error())) {
      return perTenant(tenant, Remedy.GRANT_CONSENT, "consent missing in " + tenant + ": the identity platform"
          + " refused a token for this customer tenant (invalid_grant" + codes + "). Check the app's consent and"
          + " the partner user's GDAP role in this tenant");
    }
    EntraException connectionWide = common(e);
    if (connectionWide != null) {
      return connectionWide; // login_required: the partner's own session
    }
    return rejected(e, "The Microsoft identity platform refused a token for customer tenant " + tenant);
  }

  private static ConsentMissingException perTenant(EntraTenantId tenant, Remedy remedy, String message) {
    return new ConsentMissingException(tenant, remedy, message + "; the other tenants are not affected.", null);
  }

  private static EntraException common(TokenEndpointException e) {
    if (e.isTransport()) {
      return new EntraUnavailableException(
          "The Microsoft identity platform could not be reached or answered unreadably (" + e.description()
              + "). Try again later.");
    }
    String error = e.error();
    if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
      return new CredentialRejectedException(CredentialRejectedException.Remedy.FIX_APP_CREDENTIALS,
          "The Microsoft app credentials were rejected (" + error + codesSuffix(e) + "). Fix the client id or"
              + " renew the client secret of the app registration, then try again.");
    }
    if ("interaction_required".equals(error) || "login_required".equals(error) || "consent_required".equals(error)) {
      return new CredentialRejectedException(CredentialRejectedException.Remedy.INTERACTIVE_SIGN_IN,
          "An interactive sign-in is required (" + error + codesSuffix(e) + ", for example MFA or a Conditional"
              + " Access policy). The partner admin must connect Microsoft Entra again in a browser.");
    }
    if ("temporarily_unavailable".equals(error) || e.status() == 429 || e.status() >= 500) {
      return new EntraUnavailableException("The Microsoft identity platform is temporarily unavailable (HTTP "
          + e.status() + (error == null ? "" : " " + error) + codesSuffix(e) + "). Try again later.",
          e.retryAfter(), null);
    }
    return null;
  }

  private static CredentialRejectedException partnerReauth(TokenEndpointException e) {
    return new CredentialRejectedException(CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION,
        "The partner's Microsoft sign-in is no longer valid (" + (e.error() == null ? "HTTP " + e.status() : e.error())
            + codesSuffix(e) + ": expired, revoked or invalidated). The partner admin must sign in again to"
            + " reconnect Microsoft Entra.");
  }

  private static EntraRejectedException rejected(TokenEndpointException e, String what) {
    return new EntraRejectedException(what + " (HTTP " + e.status() + (e.error() == null ? "" : " " + e.error())
        + codesSuffix(e) + (e.description() == null ? "" : ": " + e.description()) + ").");
  }

  private static String codesSuffix(TokenEndpointException e) {
    String codes = e.codesText();
    return codes.isEmpty() ? "" : " " + codes;
  }

  private static boolean anyOf(TokenEndpointException e, Set<Integer> codes) {
    for (Integer c : e.errorCodes()) {
      if (codes.contains(c)) {
        return true;
      }
    }
    return false;
  }
}
