package org.entrasync.spi;

/**
 * What went wrong, as a stable code a host's UI can switch on: every {@link EntraException} carries
 * one ({@link EntraException#code()}), and the exception's message says the same thing to the
 * operator, with the remedy. New codes may be added; existing ones keep their meaning.
 */
public enum ErrorCode {
  // ---- refusals: the facade refused the call before doing anything, and wrote nothing ----

  /** The host's edition is not enterprise. */
  EDITION_REQUIRED(false),
  /** A client-portal actor, an actor without the needed permission, or another tenant's data. */
  FORBIDDEN(false),
  /** The feature flag of this surface is off for the tenant. */
  FEATURE_DISABLED(false),
  /** The tenant has no usable connection (none, or one that needs a new sign-in). */
  NOT_CONNECTED(false),
  /** A wizard step was attempted before the step it needs (discover before mapping, map before syncing). */
  WIZARD_ORDER(false),
  /** What the operator entered is missing or invalid; the message names the field. */
  VALIDATION(false),
  /** The input conflicts with itself or with what is stored. */
  CONFLICT(false),

  // ---- the connection and its credentials ----

  /** The connection needs an operator to sign in again, or to connect (nothing usable is stored). */
  SIGN_IN_REQUIRED(false),
  /** The configured credentials are refused: the Microsoft app's id or secret, the CIPP token or client, CIPP's own setup. */
  CREDENTIAL_REJECTED(false),
  /** One customer tenant cannot be read (consent, GDAP role, Conditional Access, a missing permission); the others can. */
  TENANT_ACCESS_DENIED(false),

  // ---- the systems the library calls ----

  /** Microsoft Graph, CIPP or the database refused the request; the same call will be refused again. */
  UPSTREAM_REJECTED(false),
  /** An outage, throttling or a timeout; trying again later can succeed. */
  UNAVAILABLE(true),
  /** No worker polls the library's task queue, so started work waits: start the host's worker. */
  NO_WORKER(true);

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether an error with this code can go away without anyone changing anything. */
  public boolean isRetryable() {
    return retryable;
  }
}
