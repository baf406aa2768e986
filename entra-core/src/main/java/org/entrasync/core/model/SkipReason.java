package org.entrasync.core.model;

/** Why an identity was skipped (counted in {@code skipped}). */
public enum SkipReason implements WireNamed {
  /** Disabled upstream and never linked: never created, never linked. */
  DISABLED,
  /** The source did not say whether the account is enabled; unknown is never treated as enabled. */
  ACCOUNT_STATE_UNKNOWN,
  /** Neither {@code mail} nor {@code userPrincipalName} is an email address. */
  NO_EMAIL_IDENTITY,
  GUEST,
  /** Licensed-only is on and the user has no license. */
  UNLICENSED,
  /** A default service-account pattern matched (svc, noreply, automation, ...). */
  SERVICE_ACCOUNT,
  /** One of the tenant's custom exclude patterns matched. */
  CUSTOM_PATTERN,
  /**
   * Matching the tenant's custom exclude patterns against the user's addresses used up the per-user
   * budget (a pattern whose cost explodes with the input); the detail names the pattern. Skipped
   * rather than let through, since the pattern might have excluded the user.
   */
  PATTERN_BUDGET_EXCEEDED,
  /** An operator dismissed this identity's reconciliation item. */
  RECONCILIATION_DISMISSED,
  /** The identity is linked to a contact the host no longer has. */
  LINKED_CONTACT_MISSING,
  /** The host refused to create the contact (for example: email used by another client). */
  HOST_REFUSED,
  /** The record could not be read (missing or invalid fields). */
  MALFORMED,
  /**
   * A delta round reported only the changed properties of an identity that is not linked: without
   * its email it cannot be matched safely. The next round lists the tenant fully.
   */
  PARTIAL_RECORD
}
