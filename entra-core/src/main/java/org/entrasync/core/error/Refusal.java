package org.entrasync.core.error;

import org.entrasync.spi.ErrorCode;

/** Why the facade refused a call. A refused call writes nothing. */
public enum Refusal {
  /** The host's edition is not enterprise. */
  EDITION_REQUIRED,
  /** A client-portal actor, or an internal actor without the needed permission. */
  FORBIDDEN,
  /** The feature flag of this surface is off for the tenant. */
  FEATURE_DISABLED,
  /** No usable connection. */
  NOT_CONNECTED,
  /** A wizard step was attempted before the step it needs. */
  WIZARD_ORDER,
  /** The input is invalid. */
  VALIDATION,
  /** The input conflicts with itself or with stored state. */
  CONFLICT;

  /** The refusal's {@link ErrorCode} (same name). */
  public ErrorCode code() {
    return ErrorCode.valueOf(name());
  }
}
