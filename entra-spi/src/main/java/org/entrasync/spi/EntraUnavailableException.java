package org.entrasync.spi;

import java.time.Duration;
import java.util.Optional;

/** A transient failure: an outage, throttling or a timeout ({@link ErrorCode#UNAVAILABLE}). Retrying later can succeed. */
public non-sealed class EntraUnavailableException extends EntraException {
  private final Duration retryAfter;

  public EntraUnavailableException(String message) {
    this(message, null, null);
  }

  public EntraUnavailableException(String message, Throwable cause) {
    this(message, null, cause);
  }

  /**
   * @param retryAfter how long the remote side asked us to wait (for example from a {@code
   *     Retry-After} header), or null when it did not say
   */
  public EntraUnavailableException(String message, Duration retryAfter, Throwable cause) {
    this(ErrorCode.UNAVAILABLE, message, retryAfter, cause);
  }

  /**
   * @param code a retryable code ({@link ErrorCode#UNAVAILABLE}, {@link ErrorCode#NO_WORKER})
   * @param retryAfter how long the remote side asked us to wait, or null
   */
  public EntraUnavailableException(ErrorCode code, String message, Duration retryAfter, Throwable cause) {
    super(code, message, cause);
    this.retryAfter = retryAfter;
  }

  /** The wait the remote side asked for, if it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public final boolean isRetryable() {
    return true;
  }
}
