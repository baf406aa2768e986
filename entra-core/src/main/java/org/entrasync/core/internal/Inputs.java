package org.entrasync.core.internal;

import java.net.URI;
import java.util.Locale;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;

/**
 * Checks of what an operator typed, run by each use case before it does anything: a missing or
 * malformed value is refused {@code VALIDATION}, so an {@link IllegalArgumentException} from further
 * in stays a bug and is never reported as bad input.
 */
public final class Inputs {
  private Inputs() {}

  public static RefusedException invalid(String message) {
    return new RefusedException(Refusal.VALIDATION, message);
  }

  public static <T> T require(T value, String message) {
    if (value == null) {
      throw invalid(message);
    }
    return value;
  }

  public static String requireText(String value, String message) {
    if (value == null || value.isBlank()) {
      throw invalid(message);
    }
    return value;
  }

  public static EntraTenantId requireTenantId(EntraTenantId tenantId) {
    return require(tenantId, "The Entra tenant is required.");
  }

  public static EntraObjectId requireObjectId(EntraObjectId objectId) {
    return require(objectId, "The Entra identity (object id) is required.");
  }

  /** The shape any OAuth redirect URI must have; which ones are allowed is the adapter's configuration. */
  public static URI requireRedirectUriShape(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      throw invalid("The sign-in redirect URI must be an absolute https URL of your callback; got '" + uri + "'.");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw invalid("The sign-in redirect URI must be an https URL of your callback; got the scheme '" + scheme + "'.");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("The sign-in redirect URI must not contain a fragment ('#...'); got '" + uri + "'.");
    }
    return uri;
  }
}
