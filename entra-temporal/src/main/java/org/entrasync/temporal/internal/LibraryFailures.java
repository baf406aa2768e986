package org.entrasync.temporal.internal;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.ErrorCode;

/**
 * A library error across Temporal and back: an activity's {@link ApplicationFailure} carries the
 * exception's class as its type and, as details, what a host switches on (the error code, the remedy
 * or refusal, the tenant), so that a workflow that failed as a whole (a discovery) is handed to the
 * host as the library exception it failed with, not as a Temporal one.
 */
public final class LibraryFailures {
  private LibraryFailures() {}

  /** The details of {@code e}'s failure: error code, then the remedy or refusal name, then the tenant ("" when none). */
  static Object[] details(EntraException e) {
    String kind = "";
    String tenant = "";
    if (e instanceof CredentialRejectedException rejected) {
      kind = rejected.remedy().name();
    } else if (e instanceof ConsentMissingException consent) {
      kind = consent.remedy().name();
      tenant = consent.tenantId() == null ? "" : consent.tenantId().value();
    } else if (e instanceof RefusedException refused) {
      kind = refused.refusal().name();
    }
    return new Object[] {e.code().name(), kind, tenant};
  }

  /**
   * The library exception a Temporal failure carries (the first {@link ApplicationFailure} in its
   * causes), rebuilt with its code, remedy and operator message; empty when none carries one. A
   * failure recorded before the details existed is rebuilt from its type alone.
   */
  public static Optional<EntraException> rebuilt(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return Optional.ofNullable(rebuilt(app, failure));
      }
    }
    return Optional.empty();
  }

  private static EntraException rebuilt(ApplicationFailure app, Throwable failure) {
    String type = app.getType() == null ? "" : app.getType();
    String message = app.getOriginalMessage();
    ErrorCode code = detail(app, 0).map(LibraryFailures::code).orElse(null);
    String kind = detail(app, 1).orElse("");
    String tenant = detail(app, 2).orElse("");
    try {
      switch (type) {
        case "CredentialRejectedException":
          return kind.isEmpty() ? new EntraRejectedException(ErrorCode.CREDENTIAL_REJECTED, message, failure)
              : new CredentialRejectedException(CredentialRejectedException.Remedy.valueOf(kind), message, failure);
        case "ConsentMissingException":
          return new ConsentMissingException(tenant.isEmpty() ? null : EntraTenantId.of(tenant),
              kind.isEmpty() ? ConsentMissingException.Remedy.GRANT_CONSENT : ConsentMissingException.Remedy.valueOf(kind),
              message, failure);
        case "RefusedException":
          return kind.isEmpty() ? new EntraRejectedException(ErrorCode.VALIDATION, message, failure)
              : new RefusedException(Refusal.valueOf(kind), message);
        case "EntraUnavailableException":
        case "DeltaCursorExpiredException":
          return new EntraUnavailableException(code == null ? ErrorCode.UNAVAILABLE : code, message, null, failure);
        case "EntraRejectedException":
          return new EntraRejectedException(code == null ? ErrorCode.UPSTREAM_REJECTED : code, message, failure);
        default:
          return null; // not a library error
      }
    } catch (IllegalArgumentException unknownName) {
      // a remedy or refusal this version does not know (a newer worker): the code still tells the host
      return new EntraRejectedException(code == null ? ErrorCode.UPSTREAM_REJECTED : code, message, failure);
    }
  }

  private static Optional<String> detail(ApplicationFailure app, int index) {
    try {
      if (app.getDetails() == null || app.getDetails().getSize() <= index) {
        return Optional.empty();
      }
      return Optional.ofNullable(app.getDetails().get(index, String.class));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  private static ErrorCode code(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }
}
