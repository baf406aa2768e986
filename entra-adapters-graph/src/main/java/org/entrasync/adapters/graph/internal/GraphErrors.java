package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.UntypedString;
import java.io.EOFException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.CredentialRejectedException.Remedy;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever the SDK threw into the library's errors. No SDK type survives: the result carries
 * the HTTP status, Graph's error code and a scrubbed message, never the SDK exception itself.
 */
public final class GraphErrors {
  private static final Logger LOG = LoggerFactory.getLogger(GraphErrors.class);

  private GraphErrors() {}

  public static EntraException map(Throwable thrown, GraphScope scope, String what, Clock clock) {
    EntraException ours = find(thrown, EntraException.class);
    if (ours != null) {
      return ours;
    }
    ApiException api = find(thrown, ApiException.class);
    if (api != null) {
      return fromApi(api, scope, what, clock);
    }
    if (isUnreadableBody(thrown)) {
      LOG.debug("Unreadable Graph response while {}: {}", what, thrown.getClass().getName());
      return new EntraUnavailableException("Microsoft Graph answered unreadably while " + what + " (malformed"
          + " JSON). Try again later.");
    }
    IOException io = find(thrown, IOException.class);
    if (io != null) {
      return new EntraUnavailableException("Microsoft Graph could not be reached while " + what + " ("
          + io.getClass().getSimpleName() + "). Try again later.");
    }
    LOG.debug("Unreadable Graph response while {}: {}", what, thrown.getClass().getName());
    return new EntraUnavailableException("Microsoft Graph answered unreadably while " + what + " ("
        + thrown.getClass().getSimpleName() + "). Try again later.");
  }

  public static boolean isUnauthorized(Throwable thrown) {
    if (find(thrown, EntraException.class) != null) {
      return false;
    }
    ApiException api = find(thrown, ApiException.class);
    return api != null && api.getResponseStatusCode() == 401;
  }

  private static EntraException fromApi(ApiException api, GraphScope scope, String what, Clock clock) {
    int status = api.getResponseStatusCode();
    List<String> codes = new ArrayList<>();
    String message = null;
    if (api instanceof ODataError) {
      MainError main = ((ODataError) api).getError();
      if (main != null) {
        if (main.getCode() != null && !main.getCode().isBlank()) {
          codes.add(main.getCode());
        }
        if (main.getInnerError() != null) {
          innerCodes(main.getInnerError().getAdditionalData(), codes, 0);
        }
        message = Redaction.scrub(main.getMessage());
      }
    }
    String detail = "HTTP " + status + (codes.isEmpty() ? "" : " " + String.join("/", codes))
        + (message == null || message.isBlank() ? "" : ": " + message);
    Duration retryAfter = RetryAfter.parse(header(api, "Retry-After"), clock);

    if (scope.delta() && (status == 410 || hasCode(codes, "syncStateNotFound") || hasCode(codes, "resyncRequired"))) {
      return new DeltaCursorExpiredException("The delta cursor of tenant " + scope.tenant() + " is no longer accepted ("
          + detail + "). It is dropped; a full listing follows.", null);
    }
    if (status == 400 && hasCode(codes, "Directory_ExpiredPageToken")) {
      return new PageTokenExpiredException("Microsoft Graph no longer accepts the page token while " + what + " ("
          + detail + ").");
    }
    if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
      String kind = status == 429 ? "is throttling requests" : "is unavailable";
      return new EntraUnavailableException("Microsoft Graph " + kind + " while " + what + " (" + detail + ")"
          + (retryAfter == null ? "" : "; it asked to wait " + retryAfter.toSeconds() + " s") + ". Try again later.",
          retryAfter, null);
    }
    if (status == 401) {
      return new CredentialRejectedException(Remedy.PARTNER_REAUTHENTICATION, "Microsoft Graph rejected the access"
          + " token while " + what + " even after a token refresh (" + detail + "). The partner admin must sign in"
          + " again to reconnect Microsoft Entra.");
    }
    if (status == 403) {
      if (scope.tenant() != null) {
        return new ConsentMissingException(scope.tenant(), "consent missing in " + scope.tenant() + ": Microsoft"
            + " Graph denied access while " + what + " (" + detail + "). The partner user needs a GDAP role such as"
            + " Directory Readers or User Administrator in this tenant, and the app needs consent there; the other"
            + " tenants are not affected.");
      }
      return new EntraRejectedException("Microsoft Graph denied the partner account access while " + what + " ("
          + detail + "). Sign in with a partner admin account and grant DelegatedAdminRelationship.Read.All.");
    }
    if (status == 501 || status == 505) {
      // errors.md: "The requested feature isn't implemented"; waiting does not change that
      return new EntraRejectedException("Microsoft Graph does not support the request made while " + what + " ("
          + detail + ").");
    }
    if (status >= 500) {
      return new EntraUnavailableException("Microsoft Graph failed while " + what + " (" + detail + "). Try again"
          + " later.", retryAfter, null);
    }
    return new EntraRejectedException("Microsoft Graph refused the request while " + what + " (" + detail + ").");
  }

  /**
   * The codes nested in {@code innerError} (errors.md: "might recursively contain more innererror
   * objects with additional, more specific error codes"); the SDK keeps them as additional data.
   */
  private static void innerCodes(Map<String, Object> data, List<String> codes, int depth) {
    if (data == null || depth > 5) {
      return;
    }
    String code = text(data.get("code"));
    if (code != null && !code.isBlank()) {
      codes.add(code);
    }
    for (String key : List.of("innerError", "innererror")) {
      Object nested = data.get(key);
      if (nested instanceof UntypedObject) {
        Map<String, Object> next = new HashMap<>(((UntypedObject) nested).getValue());
        innerCodes(next, codes, depth + 1);
      } else if (nested instanceof Map<?, ?>) {
        Map<String, Object> next = new HashMap<>();
        ((Map<?, ?>) nested).forEach((k, v) -> next.put(String.valueOf(k), v));
        innerCodes(next, codes, depth + 1);
      }
    }
  }

  private static String text(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof UntypedString) {
      return ((UntypedString) value).getValue();
    }
    return null;
  }

  private static boolean hasCode(List<String> codes, String wanted) {
    for (String c : codes) {
      if (c.equalsIgnoreCase(wanted)) {
        return true;
      }
    }
    return false;
  }

  /** A JSON parser failure (Gson, under the SDK), also when it wraps an {@link EOFException}. */
  private static boolean isUnreadableBody(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth < 10; depth++) {
      String name = t.getClass().getName();
      if (name.startsWith("com.google.gson.") || name.contains("Json") || t instanceof EOFException) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  private static String header(ApiException api, String name) {
    Set<String> values = api.getResponseHeaders().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    return values.iterator().next();
  }

  static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      t = t.getCause();
    }
    return null;
  }
}
