package org.entrasync.spi;

/**
 * The one unchecked root of every error the library raises. Its two direct kinds say whether a
 * retry can help: {@link EntraUnavailableException} (yes: an outage, throttling, a timeout) and
 * {@link EntraRejectedException} (no: bad credentials, missing consent, invalid input).
 *
 * <p>Each carries a stable {@link ErrorCode} ({@link #code()}) for a host's UI to switch on, so one
 * {@code catch (EntraException e)} serves every call. Messages are written for the MSP operator: they
 * name the cause and the remedy and never carry a secret or a token.
 */
public abstract sealed class EntraException extends RuntimeException
    permits EntraUnavailableException, EntraRejectedException {

  private final ErrorCode code;

  protected EntraException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    if (code == null) {
      throw new NullPointerException("code");
    }
    if (code.isRetryable() != isRetryable()) {
      throw new IllegalArgumentException("The code " + code + " does not fit a " + getClass().getSimpleName());
    }
    this.code = code;
  }

  /** What went wrong, as a stable code (the message says it to the operator, with the remedy). */
  public final ErrorCode code() {
    return code;
  }

  /** Whether trying the same call again later can succeed without anyone changing anything. */
  public abstract boolean isRetryable();
}
