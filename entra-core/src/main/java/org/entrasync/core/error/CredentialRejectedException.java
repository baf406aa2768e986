package org.entrasync.core.error;

import java.util.Objects;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.ErrorCode;

/**
 * The connection's credentials no longer work; an operator must act (the {@link Remedy} says how).
 * Affects the whole connection, unlike {@link ConsentMissingException}. Its {@link #code()} is {@link
 * ErrorCode#SIGN_IN_REQUIRED} when someone must sign in or connect again, {@link
 * ErrorCode#CREDENTIAL_REJECTED} when a configured credential must be fixed.
 */
public class CredentialRejectedException extends EntraRejectedException {
  private final Remedy remedy;

  public CredentialRejectedException(Remedy remedy, String message) {
    this(remedy, message, null);
  }

  public CredentialRejectedException(Remedy remedy, String message, Throwable cause) {
    super(Objects.requireNonNull(remedy, "remedy").code(), message, cause);
    this.remedy = remedy;
  }

  public Remedy remedy() {
    return remedy;
  }

  /** What the operator must do before the connection works again; a host shows the matching action. */
  public enum Remedy {
    /** The partner admin must sign in again (refresh token expired, revoked or invalidated). */
    PARTNER_REAUTHENTICATION,
    /** An interactive sign-in is needed (MFA or Conditional Access). */
    INTERACTIVE_SIGN_IN,
    /** The Microsoft app's client id or secret is wrong or expired. */
    FIX_APP_CREDENTIALS,
    /** The CIPP API token or client was rejected: rotate it. */
    ROTATE_CIPP_CREDENTIAL,
    /**
     * CIPP's own access to Microsoft broke for every tenant (its refresh token expired, AADSTS700082):
     * run CIPP's application setup (SAM wizard) again; a retry cannot help.
     */
    FIX_CIPP_APP_SETUP,
    /** No credentials are stored for this connection. */
    CONNECT;

    /** The error code a host's UI switches on for this remedy. */
    public ErrorCode code() {
      switch (this) {
        case PARTNER_REAUTHENTICATION:
        case INTERACTIVE_SIGN_IN:
        case CONNECT:
          return ErrorCode.SIGN_IN_REQUIRED;
        default:
          return ErrorCode.CREDENTIAL_REJECTED;
      }
    }
  }
}
