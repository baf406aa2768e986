package org.entrasync.adapters.graph.internal;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.spi.EntraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries (resilience4j-retry) of calls that failed with a retryable {@link
 * EntraUnavailableException}: throttling, outages, network failures. A {@code Retry-After} the server
 * sent is honoured; without one the wait grows exponentially from {@code initialBackoff}. A requested
 * wait longer than {@code maxBackoff} is not slept in-process: the exception goes to the caller, which
 * can schedule the retry (its {@code retryAfter()} says when). When the attempts run out, the last
 * exception propagates, still retryable.
 */
public final class Retrying {
  private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

  private final int retryAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  public Retrying(int retryAttempts, Duration initialBackoff, Duration maxBackoff) {
    this.retryAttempts = retryAttempts;
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  public <T> T call(String what, Supplier<T> call) {
    if (retryAttempts == 0) {
      return call.get();
    }
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(retryAttempts + 1)
        .retryOnException(this::retryable)
        .intervalBiFunction((IntervalBiFunction<Object>) (attempt, outcome) -> waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
        .failAfterMaxAttempts(false)
        .build();
    Retry retry = Retry.of(what, config);
    retry.getEventPublisher().onRetry(event -> LOG.warn("{} failed, retry {} of {} in {} ms: {}", what,
        event.getNumberOfRetryAttempts(), retryAttempts, event.getWaitInterval().toMillis(),
        event.getLastThrowable() == null ? "" : Redaction.scrub(event.getLastThrowable().getMessage())));
    return retry.executeSupplier(call);
  }

  private boolean retryable(Throwable t) {
    if (!(t instanceof EntraUnavailableException) || t instanceof DeltaCursorExpiredException) {
      return false;
    }
    Duration asked = ((EntraUnavailableException) t).retryAfter().orElse(null);
    return asked == null || asked.compareTo(maxBackoff) <= 0;
  }

  private long waitMillis(int attempt, Throwable failure) {
    if (failure instanceof EntraUnavailableException) {
      Duration asked = ((EntraUnavailableException) failure).retryAfter().orElse(null);
      if (asked != null) {
        return Math.min(asked.toMillis(), maxBackoff.toMillis());
      }
    }
    long base = initialBackoff.toMillis();
    long exp = base << Math.min(Math.max(attempt - 1, 0), 16);
    long jitter = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(Math.max(1, base / 5));
    return Math.min(exp + jitter, maxBackoff.toMillis());
  }
}
