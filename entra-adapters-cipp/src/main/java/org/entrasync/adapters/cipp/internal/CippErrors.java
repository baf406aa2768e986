package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;

/**
 * The one place that turns what CIPP-API (or the network) did into the library's exceptions, with
 * messages that name the cause and the remedy. See the module README for the table.
 */
public final class CippErrors {
  static final String BASE_URL_HINT =
      "it must be the CIPP-API Function App host, for example https://cipp-xxxx.azurewebsites.net, not the CIPP"
          + " front end";

  private CippErrors() {}

  /** Where a call went: for messages only (no secret in here). */
  public record CallContext(String host, String endpoint, EntraTenantId tenant, String clientId, Duration readTimeout,
      int pageSize) {
    String target() {
      return endpoint + (tenant == null ? "" : " for tenant " + tenant);
    }
  }

  /** A non-2xx answer (after any token refresh was already tried). */
  public static EntraException forStatus(CallContext ctx, int status, String text, String retryAfterHeader, Clock clock) {
    String said = text == null || text.isBlank() ? "" : ": " + text;
    Duration retryAfter = retryAfter(retryAfterHeader, clock);
    if (status == 401) {
      return unauthorized(ctx);
    }
    if (status == 429) {
      return throttled(ctx, status, said, retryAfter);
    }
    CippFailureText.Cause cause = CippFailureText.classify(text);
    if (cause == CippFailureText.Cause.CIPP_APP_SETUP) {
      return cippAppSetup(ctx, status, said);
    }
    if (status == 403) {
      if (ctx.tenant() != null && text != null && text.toLowerCase(Locale.ROOT).contains("tenant")) {
        return new ConsentMissingException(ctx.tenant(),
            "CIPP-API refused access to tenant " + ctx.tenant() + " (HTTP 403" + said + "). The CIPP API client's"
                + " role does not cover this tenant: allow it in the client's role in CIPP (CIPP > Integrations >"
                + " CIPP-API), or leave this tenant unmapped.");
      }
      return new EntraRejectedException(
          "CIPP-API at " + ctx.host() + " refused " + ctx.target() + " (HTTP 403" + said + "). Check the CIPP API"
              + " client in CIPP > Integrations > CIPP-API: it must be enabled, hold a role that can read"
              + " (readonly suffices), and allow the IP address this service calls from.");
    }
    if (status == 404) {
      return new EntraRejectedException(
          "CIPP-API at " + ctx.host() + " has no endpoint " + ctx.endpoint() + " (HTTP 404" + said + "). The base"
              + " URL is probably wrong (" + BASE_URL_HINT + "), or this CIPP version does not serve "
              + ctx.endpoint() + "; update CIPP or correct the base URL.");
    }
    if (status >= 300 && status < 400) {
      return new EntraRejectedException(
          "CIPP-API at " + ctx.host() + " answered " + ctx.endpoint() + " with a redirect (HTTP " + status + "),"
              + " which the CIPP-API never does: the base URL probably points at the CIPP front end or a sign-in"
              + " page; " + BASE_URL_HINT + ".");
    }
    // CIPP reports a failure of the Graph call behind a tenant's listing as HTTP 500 (ListUsers, an
    // unhandled exception) or 400 "Graph Error: ..." (ListGraphRequest).
    boolean tenantFailure = ctx.tenant() != null && (status >= 500 || (status == 400 && isGraphError(text)));
    if (tenantFailure) {
      switch (cause) {
        case CONDITIONAL_ACCESS:
          return new ConsentMissingException(ctx.tenant(), ConsentMissingException.Remedy.CONDITIONAL_ACCESS,
              "CIPP cannot sign in to tenant " + ctx.tenant() + ": a Conditional Access policy of the customer blocks"
                  + " it (HTTP " + status + said + "). Exclude CIPP's application or the partner's GDAP sign-ins from"
                  + " that policy in the customer's tenant, then sync again.", null);
        case GDAP:
          return new ConsentMissingException(ctx.tenant(), ConsentMissingException.Remedy.FIX_GDAP,
              "CIPP cannot read tenant " + ctx.tenant() + " through GDAP (HTTP " + status + said + "). Give the"
                  + " partner's security group a role that can read users (Directory Readers or User Administrator) in"
                  + " an active GDAP relationship with this customer, check that CIPP's service user is in that group"
                  + " and that CIPP lists the tenant, then sync again.", null);
        case CONSENT:
          return new ConsentMissingException(ctx.tenant(), ConsentMissingException.Remedy.GRANT_CONSENT,
              "CIPP's application has no consent in tenant " + ctx.tenant() + " (HTTP " + status + said + ")."
                  + " Refresh the CPV consent for this tenant in CIPP (Tenant Administration > CPV refresh), then sync"
                  + " again.", null);
        case THROTTLED:
          return throttled(ctx, status, said, retryAfter);
        case PAGE_TOKEN_EXPIRED:
          return new PageTokenExpired(ctx);
        default:
          break;
      }
    } else if (status >= 500 && cause == CippFailureText.Cause.THROTTLED) {
      return throttled(ctx, status, said, retryAfter);
    }
    if (status == 503 && text != null && text.toLowerCase(Locale.ROOT).contains("feature has been disabled")) {
      return new EntraRejectedException(
          "CIPP-API at " + ctx.host() + " has " + ctx.endpoint() + " switched off (HTTP 503" + said + ")."
              + " Enable the feature in CIPP.");
    }
    if (status >= 500 || tenantFailure) {
      return new EntraUnavailableException(
          "CIPP-API at " + ctx.host() + " failed on " + ctx.target() + " (HTTP " + status + said + "). This is"
              + " usually temporary; the call is retried later.", retryAfter, null);
    }
    return new EntraRejectedException(
        "CIPP-API at " + ctx.host() + " refused " + ctx.target() + " (HTTP " + status + said + ").");
  }

  /** Whether {@code text} is ListGraphRequest's report of a failed Graph call. */
  static boolean isGraphError(String text) {
    return text != null && text.regionMatches(true, 0, "Graph Error", 0, "Graph Error".length());
  }

  private static EntraUnavailableException throttled(CallContext ctx, int status, String said, Duration retryAfter) {
    return new EntraUnavailableException(
        "CIPP-API reports throttling on " + ctx.target() + " (HTTP " + status + said + "). Microsoft Graph or the"
            + " Function App is throttling; the call is retried later with backoff.", retryAfter, null);
  }

  /** CIPP's own refresh token stopped working: every tenant fails until CIPP's setup is run again. */
  public static CredentialRejectedException cippAppSetup(CallContext ctx, int status, String said) {
    return new CredentialRejectedException(CredentialRejectedException.Remedy.FIX_CIPP_APP_SETUP,
        "CIPP at " + ctx.host() + " has lost its own access to Microsoft" + (ctx.tenant() == null ? "" : " (seen on "
            + ctx.target() + ")") + (status > 0 ? " (HTTP " + status + said + ")" : said) + ": CIPP's refresh token"
            + " expired (AADSTS700082), so no tenant can be read through it. Run CIPP's application setup again (CIPP >"
            + " Settings > SAM Setup Wizard, refresh tokens), then validate the connection. Retrying cannot help.");
  }

  /**
   * Azure ended the request before CIPP answered (230 s): the answer was too slow for one HTTP
   * request. Retryable (a page of one Graph call normally takes seconds, so a cut is a slow moment of
   * CIPP or Graph), but its remedy is named.
   */
  public static EntraUnavailableException tooSlow(CallContext ctx, Duration waited, Throwable cause) {
    String remedy = ctx.pageSize() > 0
        ? " The adapter already reads users one page per request (ListGraphRequest); lower the page size"
            + " (CippConnectionConfig.pageSize, now " + ctx.pageSize() + ") so that one page fits in that time, and"
            + " check the CIPP Function App's plan and load."
        : " Check the CIPP Function App's plan and load (a cold start or an overloaded instance answers slowly).";
    return new EntraUnavailableException(
        "CIPP-API at " + ctx.host() + " was too slow: Azure ended " + ctx.target() + " after " + describe(waited)
            + " without an answer (an HTTP-triggered function must answer within 230 s)." + remedy
            + " The call is retried later.", cause);
  }

  /** A Graph page token that CIPP passed on was refused as expired: the listing starts over. */
  public static final class PageTokenExpired extends EntraRejectedException {
    private static final long serialVersionUID = 1L;

    PageTokenExpired(CallContext ctx) {
      super("Microsoft Graph no longer accepts the page token of " + ctx.target() + " (expired); the listing starts"
          + " over from its first page.");
    }
  }

  /** A 401 from CIPP-API (App Service authentication rejected the bearer token). */
  public static CredentialRejectedException unauthorized(CallContext ctx) {
    if (ctx.clientId() != null) {
      return new CredentialRejectedException(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL,
          "CIPP-API at " + ctx.host() + " rejected a freshly issued token of CIPP API client " + ctx.clientId()
              + " (HTTP 401). The client may be disabled or deleted in CIPP > Integrations > CIPP-API, or CIPP's API"
              + " authentication was reset: check the client there, or rotate the CIPP API credential (create a new"
              + " client or secret) and reconnect.");
    }
    return new CredentialRejectedException(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL,
        "CIPP-API at " + ctx.host() + " rejected the stored API token (HTTP 401): it is expired, revoked or not"
            + " issued for this CIPP-API. Please rotate the CIPP API credential: issue a new token for your CIPP API"
            + " client (CIPP > Integrations > CIPP-API) and reconnect; or store the client itself (client id, secret,"
            + " tenant id) so the library renews tokens on its own.");
  }

  /** A 200 whose body is an HTML page: not CIPP-API. */
  public static EntraRejectedException notCippApi(CallContext ctx) {
    return new EntraRejectedException(
        "The answer from " + ctx.host() + " to " + ctx.endpoint() + " is an HTML page, not CIPP-API's JSON. The base"
            + " URL is wrong: " + BASE_URL_HINT + ".");
  }

  /** A failure to reach CIPP-API or to read its answer. */
  public static EntraException forIo(CallContext ctx, IOException e) {
    if (e instanceof JacksonException) {
      return forJson(ctx, (JacksonException) e, -1);
    }
    if (isTimeout(e)) {
      return new EntraUnavailableException(
          "CIPP-API at " + ctx.host() + " did not answer " + ctx.target() + " within the read timeout ("
              + describe(ctx.readTimeout()) + "); Azure ends such requests after 230 s. Retrying later can help.",
          e);
    }
    if (e instanceof AddressGuard.ForbiddenAddress) {
      return new EntraRejectedException(
          "The CIPP-API base URL is refused: " + e.getMessage() + ". The library connects only to public addresses;"
              + " connect CIPP again with the public URL of its Function App. Retrying cannot help.", e);
    }
    if (e instanceof UnknownHostException) {
      return new EntraUnavailableException(
          "The CIPP-API host " + ctx.host() + " cannot be resolved. Check the base URL (" + BASE_URL_HINT
              + "); if it is right, this is a DNS outage and retrying later can help.", e);
    }
    if (e instanceof ConnectException) {
      return new EntraUnavailableException(
          "Could not connect to CIPP-API at " + ctx.host() + " (" + e.getMessage() + "). The Function App may be"
              + " stopped or starting; retrying later can help.", e);
    }
    if (e instanceof SSLException) {
      return new EntraUnavailableException(
          "The TLS handshake with CIPP-API at " + ctx.host() + " failed (" + e.getMessage() + ").", e);
    }
    return new EntraUnavailableException(
        "The connection to CIPP-API at " + ctx.host() + " failed during " + ctx.target() + " (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Retrying can help.", e);
  }

  /**
   * A body that could not be read as JSON: beyond the adapter's bounds (rejected: it would be as
   * large again), or truncated or malformed (retryable).
   */
  public static EntraException forJson(CallContext ctx, JacksonException e, long usersRead) {
    StreamConstraintsException bound = null;
    for (Throwable t = e; t != null && bound == null; t = t.getCause()) {
      bound = t instanceof StreamConstraintsException ? (StreamConstraintsException) t : null; // databind wraps it
    }
    if (bound != null) {
      String reason = bound.getOriginalMessage() == null ? "" : bound.getOriginalMessage().replaceAll("\\s+", " ");
      reason = reason.length() > 200 ? reason.substring(0, 197) + "..." : reason;
      return new EntraRejectedException(
          "CIPP-API's " + ctx.endpoint() + " answer" + (ctx.tenant() == null ? "" : " for tenant " + ctx.tenant())
              + " is larger than or nests deeper than anything CIPP sends (" + reason + "); it was not read. Check"
              + " that the base URL points at CIPP-API (" + BASE_URL_HINT + ").", e);
    }
    return malformed(ctx, e, usersRead);
  }

  /** A body that is not valid JSON of the expected shape (truncated or malformed). */
  public static EntraUnavailableException malformed(CallContext ctx, JacksonException e, long usersRead) {
    String reason = e.getOriginalMessage();
    if (reason != null) {
      reason = reason.replaceAll("\\s+", " ");
      reason = reason.length() > 200 ? reason.substring(0, 197) + "..." : reason;
    }
    return new EntraUnavailableException(
        "CIPP-API sent a truncated or malformed " + ctx.endpoint() + " response"
            + (ctx.tenant() == null ? "" : " for tenant " + ctx.tenant())
            + (usersRead >= 0 ? " (after " + usersRead + " users)" : "") + ": " + reason
            + ". Nothing was inferred from it; retrying can help.", e);
  }

  /** A body that is JSON but not the documented shape. */
  public static EntraUnavailableException unexpectedShape(CallContext ctx, String what) {
    return new EntraUnavailableException(
        "CIPP-API answered " + ctx.target() + " with " + what + " instead of the documented JSON. Retrying can"
            + " help; if it persists, check the CIPP version.");
  }

  static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
  }

  private static String describe(Duration d) {
    return d.toMillis() < 1000 || d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }

  /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }
}
