package org.entrasync.adapters.cipp.internal;

import java.util.List;
import java.util.Locale;

/**
 * What the text of a failed CIPP-API answer says about its cause. CIPP has no error envelope: a
 * handler's unhandled exception comes back as its message in plain text (ListUsers: HTTP 500 with
 * for example {@code Could not get token: invalid_grant:AADSTS50020: ...}; ListGraphRequest: HTTP
 * 400 {@code Graph Error: <message> - Endpoint: users}, where CIPP's {@code Get-NormalizedError}
 * has replaced some AADSTS texts by its own sentences without the code). Both spellings are
 * recognised. A pure rule: no I/O, no state.
 */
public final class CippFailureText {

  /** The causes the adapter treats differently. */
  public enum Cause {
    /**
     * CIPP's own delegated access to Microsoft is broken for every tenant (its refresh token expired:
     * AADSTS700082): CIPP's application setup (SAM wizard) must be run again.
     */
    CIPP_APP_SETUP,
    /** A Conditional Access policy of the customer blocks CIPP's sign-in (AADSTS53003). */
    CONDITIONAL_ACCESS,
    /**
     * CIPP reaches the customer through GDAP without a fitting role or relationship (AADSTS50020,
     * 50177, Graph's {@code Insufficient privileges}, a dissolved relationship, a tenant outside
     * CIPP's tenant list).
     */
    GDAP,
    /** The CIPP application has no consent or service principal in the customer (AADSTS65001, 700016). */
    CONSENT,
    /** Microsoft Graph throttled CIPP for this tenant. */
    THROTTLED,
    /** A Graph page token (the {@code nextLink}) expired: the listing must start over. */
    PAGE_TOKEN_EXPIRED,
    /** Nothing recognised: treated as temporary. */
    OTHER
  }

  private record Marker(Cause cause, String text) {}

  // Checked in order: the first marker found wins (a CIPP setup failure outranks anything else).
  private static final List<Marker> MARKERS = List.of(
      new Marker(Cause.CIPP_APP_SETUP, "aadsts700082"),
      new Marker(Cause.CIPP_APP_SETUP, "cipp user access token has expired"),
      new Marker(Cause.CONDITIONAL_ACCESS, "aadsts53003"),
      new Marker(Cause.CONDITIONAL_ACCESS, "blocked by conditional access"),
      new Marker(Cause.GDAP, "aadsts50020"),
      new Marker(Cause.GDAP, "aadsts50177"),
      new Marker(Cause.GDAP, "insufficient privileges to complete the operation"),
      new Marker(Cause.GDAP, "authorization_requestdenied"),
      new Marker(Cause.GDAP, "relationship between this tenant and the partner has been dissolved"),
      new Marker(Cause.GDAP, "unable to initialize the authorization context"),
      new Marker(Cause.GDAP, "your gdap configuration"),
      new Marker(Cause.GDAP, "is not present in the role definition"),
      new Marker(Cause.GDAP, "not in cipp's tenant list"),
      new Marker(Cause.GDAP, "excluded from cipp management"),
      new Marker(Cause.CONSENT, "aadsts700016"),
      new Marker(Cause.CONSENT, "aadsts65001"),
      new Marker(Cause.CONSENT, "consent has not been given"),
      new Marker(Cause.CONSENT, "has not consented"),
      new Marker(Cause.THROTTLED, "throttl"),
      new Marker(Cause.THROTTLED, "too many requests"),
      new Marker(Cause.THROTTLED, "toomanyrequests"),
      new Marker(Cause.PAGE_TOKEN_EXPIRED, "expiredpagetoken"),
      new Marker(Cause.PAGE_TOKEN_EXPIRED, "page token value has expired"));

  private CippFailureText() {}

  /** The cause {@code text} names; {@link Cause#OTHER} for null, blank or unrecognised text. */
  public static Cause classify(String text) {
    if (text == null || text.isBlank()) {
      return Cause.OTHER;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (Marker m : MARKERS) {
      if (lower.contains(m.text())) {
        return m.cause();
      }
    }
    return Cause.OTHER;
  }
}
