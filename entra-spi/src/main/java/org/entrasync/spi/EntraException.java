package org.entrasync.spi;

/**
 * The one unchecked root of every error the library raises. Its two direct kinds say whether a
 * retry can help: {@link EntraUnavailableException} (yes: an outage, throttling, a timeout) and
 * {@link EntraRejectedException} (no: bad credentials, missing consent, invalid input).
 *
 * <p>Messages are written for the MSP operator: they name the cause and the remedy and never carry
 * a secret or a token.
 */
public abstract sealed class EntraException extends RuntimeException
    permits EntraUnavailableException, EntraRejectedException {

  protected EntraException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether trying the same call again later can succeed without anyone changing anything. */
  public abstract boolean isRetryable();
}
