package org.entrasync.core.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call to an upstream (Microsoft Graph, the identity platform, CIPP) may wait and retry
 * inside the process before the failure goes back to the caller. One policy serves every adapter
 * (see {@link UpstreamRetry}); the caller of a sync is a Temporal activity, which hands a failure
 * that still carries a {@code Retry-After} to Temporal as the next retry delay instead of sleeping.
 *
 * @param maxAttempts attempts in process, the first included (1 = no retry in process)
 * @param initialBackoff first wait when the server did not say how long to wait (doubles per retry)
 * @param maxInProcessWait the longest single wait slept in process; a server asking for longer gets
 *     its answer handed back at once (its {@code retryAfter()} says when to try again)
 * @param budget the longest time all attempts and waits of one call may take together; a wait that
 *     would end past it is not started and the failure goes back to the caller
 */
public record UpstreamRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxInProcessWait, Duration budget) {

  /**
   * For background work (syncs, discovery): four attempts, waits of up to 10 s in process (the
   * activity heartbeats meanwhile), at most one minute in all; anything longer is Temporal's to wait.
   */
  public static final UpstreamRetryPolicy BACKGROUND =
      new UpstreamRetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60));

  /**
   * For a call an operator waits on (connect, validate, test): two attempts, at most 2 s of waiting
   * and 5 s in all, so that a settings form answers quickly when the upstream is down.
   */
  public static final UpstreamRetryPolicy INTERACTIVE =
      new UpstreamRetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5));

  /** No retry in process: every failure goes straight back to the caller. */
  public static final UpstreamRetryPolicy NONE =
      new UpstreamRetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public UpstreamRetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 20; got " + maxAttempts);
    }
    requireNotNegative(initialBackoff, "initialBackoff");
    requireNotNegative(maxInProcessWait, "maxInProcessWait");
    requireNotNegative(budget, "budget");
  }

  /** The same policy with another number of attempts. */
  public UpstreamRetryPolicy withMaxAttempts(int attempts) {
    return new UpstreamRetryPolicy(attempts, initialBackoff, maxInProcessWait, budget);
  }

  /** The same policy with other waits. */
  public UpstreamRetryPolicy withWaits(Duration initial, Duration maxInProcess, Duration total) {
    return new UpstreamRetryPolicy(maxAttempts, initial, maxInProcess, total);
  }

  private static void requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " cannot be negative");
    }
  }
}
