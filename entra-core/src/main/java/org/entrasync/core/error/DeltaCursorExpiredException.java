package org.entrasync.core.error;

import org.entrasync.spi.EntraUnavailableException;

/**
 * The stored delta cursor is no longer accepted (Graph {@code syncStateNotFound} or 410 Gone). The
 * sync drops it and does a full listing instead.
 */
public class DeltaCursorExpiredException extends EntraUnavailableException {
  public DeltaCursorExpiredException(String message, Throwable cause) {
    super(message, cause);
  }
}
