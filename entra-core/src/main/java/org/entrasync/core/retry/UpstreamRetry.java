package org.entrasync.core.retry;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.spi.EntraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs upstream calls under one {@link UpstreamRetryPolicy}, with resilience4j. Only a retryable
 * {@link EntraUnavailableException} is retried (throttling, outages, timeouts), never a rejection
 * and never an expired delta cursor (the caller lists again instead). Per failure:
 *
 * <ul>
 *   <li>the server asked for a wait longer than {@code maxInProcessWait}: handed back at once, its
 *       {@code retryAfter()} intact, for the caller (Temporal) to wait;
 *   <li>otherwise the wait is the server's {@code Retry-After}, or exponential from {@code
 *       initialBackoff} with a little jitter, capped at {@code maxInProcessWait};
 *   <li>a wait that would end past the call's {@code budget}, or a failure of the last attempt, is
 *       handed back unchanged (still retryable).
 * </ul>
 *
 * A wait the server asked for and taken here is reported to the current {@link UpstreamWork}
 * (throttling metrics); one handed back is reported by whoever waits for it.
 *
 * Thread-safe; one instance serves every call of an adapter.
 */
public final class UpstreamRetry {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamRetry.class);

  private final UpstreamRetryPolicy policy;
  private final LongSupplier nanoTime;

  public UpstreamRetry(UpstreamRetryPolicy policy) {
    this(policy, System::nanoTime);
  }

  /** With another time source, for tests. */
  UpstreamRetry(UpstreamRetryPolicy policy, LongSupplier nanoTime) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  public UpstreamRetryPolicy policy() {
    return policy;
  }

  /**
   * Runs {@code call}, retrying as the policy allows.
   *
   * @param what names the call in log lines (never a secret, a token or a user's address)
   */
  public <T> T call(String what, Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    if (policy.maxAttempts() == 1) {
      return call.get();
    }
    CallState state = new CallState(nanoTime.getAsLong());
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .retryOnException(state::shouldRetry)
        .intervalBiFunction((IntervalBiFunction<Object>) (attempt, outcome) -> state.nextWaitMillis)
        .failAfterMaxAttempts(false)
        .build();
    Retry retry = Retry.of(what, config);
    retry.getEventPublisher().onRetry(event -> {
      LOG.warn("{} failed; retry {} of {} in {} ms: {}", what,
          event.getNumberOfRetryAttempts(), policy.maxAttempts() - 1, event.getWaitInterval().toMillis(),
          event.getLastThrowable() == null ? "" : event.getLastThrowable().getMessage());
      if (event.getLastThrowable() instanceof EntraUnavailableException unavailable
          && unavailable.retryAfter().isPresent()) {
        UpstreamWork.throttled(event.getWaitInterval()); // the upstream asked for this wait: throttling
      }
    });
    return retry.executeSupplier(call);
  }

  /** Whether a failure is one that waiting can fix. */
  public static boolean isRetryable(Throwable t) {
    return t instanceof EntraUnavailableException && !(t instanceof DeltaCursorExpiredException);
  }

  /** The decisions of one call: whether to retry a failure and how long to wait first. */
  private final class CallState {
    private final long startedAt;
    private int failures;
    private volatile long nextWaitMillis;

    CallState(long startedAt) {
      this.startedAt = startedAt;
    }

    boolean shouldRetry(Throwable t) {
      if (!isRetryable(t)) {
        return false;
      }
      failures++;
      Duration asked = ((EntraUnavailableException) t).retryAfter().orElse(null);
      long wait;
      if (asked != null) {
        if (asked.compareTo(policy.maxInProcessWait()) > 0) {
          return false; // the caller waits that long, not this thread
        }
        wait = asked.toMillis();
      } else {
        wait = backoffMillis(failures);
      }
      long elapsedMillis = (nanoTime.getAsLong() - startedAt) / 1_000_000L;
      if (elapsedMillis + wait > policy.budget().toMillis()) {
        return false;
      }
      nextWaitMillis = wait;
      return true;
    }

    private long backoffMillis(int failure) {
      long base = policy.initialBackoff().toMillis();
      long exponential = base << Math.min(Math.max(failure - 1, 0), 16);
      long jitter = base < 5 ? 0 : ThreadLocalRandom.current().nextLong(base / 5);
      return Math.min(exponential + jitter, policy.maxInProcessWait().toMillis());
    }
  }
}
