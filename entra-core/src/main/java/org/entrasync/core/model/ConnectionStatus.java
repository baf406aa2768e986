package org.entrasync.core.model;

/** The state of an MSP tenant's connection, as a host shows it on its settings screen. */
public enum ConnectionStatus implements WireNamed {
  /** Validated and usable. */
  CONNECTED,
  /** Stored, but the last validation or call failed; see the last validation error. */
  ERROR,
  /** The partner must sign in again (revoked or expired refresh token). */
  REAUTH_REQUIRED,
  /** Disconnected by an operator; history is kept. */
  DISCONNECTED
}
