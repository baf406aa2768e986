package org.entrasync.spi;

/**
 * A failure that a retry cannot fix: someone has to change something first (sign in again, grant
 * consent, fix a credential or an input). The message says what.
 */
public non-sealed class EntraRejectedException extends EntraException {

  /** A refusal by a system the library calls ({@link ErrorCode#UPSTREAM_REJECTED}). */
  public EntraRejectedException(String message) {
    this(ErrorCode.UPSTREAM_REJECTED, message, null);
  }

  /** A refusal by a system the library calls ({@link ErrorCode#UPSTREAM_REJECTED}). */
  public EntraRejectedException(String message, Throwable cause) {
    this(ErrorCode.UPSTREAM_REJECTED, message, cause);
  }

  /** @param code any code that is not retryable */
  public EntraRejectedException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public final boolean isRetryable() {
    return false;
  }
}
