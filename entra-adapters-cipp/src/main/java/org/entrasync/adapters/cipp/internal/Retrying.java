package org.entrasync.adapters.cipp.internal;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.spi.EntraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries (resilience4j) of calls that failed with an {@link EntraUnavailableException}:
 * exponential backoff from the initial wait, doubling, capped; a {@code Retry-After} the server
 * gave wins when it is longer, up to the cap. Rejections are never retried. After the last attempt
 * the last failure propagates unchanged.
 */
public final class Retrying {
  private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

  private final int maxAttempts;
  private final Duration initial;
  private final Duration max;

  public Retrying(int maxAttempts, Duration initial, Duration max) {
    this.maxAttempts = maxAttempts;
    this.initial = initial;
    this.max = max;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public <T> T call(String name, Supplier<T> attempt) {
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .retryOnException(Retrying::retryable)
        .intervalBiFunction(interval())
        .failAfterMaxAttempts(false)
        .build();
    Retry retry = Retry.of("cipp-" + name, config);
    retry.getEventPublisher().onRetry(event -> LOG.warn("CIPP call {} failed (attempt {} of {}), retrying in {} ms: {}",
        name, event.getNumberOfRetryAttempts(), maxAttempts, event.getWaitInterval().toMillis(),
        event.getLastThrowable() == null ? "" : event.getLastThrowable().getMessage()));
    return retry.executeSupplier(attempt);
  }

  static boolean retryable(Throwable t) {
    return t instanceof EntraUnavailableException && !(t instanceof DeltaCursorExpiredException);
  }

  private <T> IntervalBiFunction<T> interval() {
    return (attempt, outcome) -> {
      long backoff = initial.toMillis();
      for (int i = 1; i < attempt && backoff < max.toMillis(); i++) {
        backoff *= 2;
      }
      backoff = Math.min(backoff, max.toMillis());
      if (outcome != null && outcome.isLeft() && outcome.getLeft() instanceof EntraUnavailableException) {
        Duration asked = ((EntraUnavailableException) outcome.getLeft()).retryAfter().orElse(null);
        if (asked != null) {
          backoff = Math.max(backoff, Math.min(asked.toMillis(), max.toMillis()));
        }
      }
      return backoff;
    };
  }
}
