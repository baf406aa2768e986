package org.entrasync.spi;

/**
 * A failure that a retry cannot fix: someone has to change something first (sign in again, grant
 * consent, fix a credential or an input). The message says what.
 */
public non-sealed class EntraRejectedException extends EntraException {

  public EntraRejectedException(String message) {
    super(message, null);
  }

  public EntraRejectedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean isRetryable() {
    return false;
  }
}
