package org.entrasync.core.model;

/** Why the sync marked a contact inactive. */
public enum InactiveReason implements WireNamed {
  /** The Entra account is disabled. */
  DISABLED_UPSTREAM,
  /** The Entra account was deleted (delta {@code @removed}, or absent from a complete listing). */
  DELETED_UPSTREAM
}
