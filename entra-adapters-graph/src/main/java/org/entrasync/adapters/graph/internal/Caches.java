package org.entrasync.adapters.graph.internal;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The adapter's in-memory caches, each bounded: at most {@code maximumSize} entries (the least
 * recently used go first) and, where entries age, nothing older than {@code maxAge} on the adapter's
 * clock. A multi-tenant host must not hold a token or client for every tenant it ever saw.
 */
public final class Caches {
  /**
   * Microsoft Entra access tokens live 60 to 90 minutes; a cached token older than this is expired
   * whatever it said.
   */
  public static final Duration TOKEN_MAX_AGE = Duration.ofMinutes(90);

  private Caches() {}

  public static <K, V> Cache<K, V> bounded(long maximumSize) {
    return CacheBuilder.newBuilder().maximumSize(maximumSize).build();
  }

  public static <K, V> Cache<K, V> bounded(long maximumSize, Duration maxAge, Clock clock) {
    return CacheBuilder.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterWrite(maxAge)
        .ticker(new Ticker() {
          @Override
          public long read() {
            return TimeUnit.MILLISECONDS.toNanos(clock.millis());
          }
        })
        .build();
  }
}
