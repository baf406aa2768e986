package org.entrasync.adapters.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The single-node {@link PendingAuthorizationStore}: a concurrent map. Entries are kept one hour past
 * their expiry (so an expired or replayed state gets a precise message), then purged. Not shared
 * between nodes: a multi-node host must plug a shared store.
 */
public final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {
  private static final Duration RETENTION = Duration.ofHours(1);

  private final ConcurrentHashMap<String, PendingAuthorization> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryPendingAuthorizationStore() {
    this(Clock.systemUTC());
  }

  public InMemoryPendingAuthorizationStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void save(PendingAuthorization pending) {
    Objects.requireNonNull(pending, "pending");
    purge();
    entries.put(pending.state(), pending);
  }

  @Override
  public Optional<PendingAuthorization> consume(String state, Instant now) {
    if (state == null) {
      return Optional.empty();
    }
    AtomicReference<PendingAuthorization> before = new AtomicReference<>();
    entries.computeIfPresent(state, (k, existing) -> {
      before.set(existing);
      return existing.consumedAt() == null ? existing.consumed(now) : existing;
    });
    return Optional.ofNullable(before.get());
  }

  /** Number of entries held (for tests and metrics). */
  public int size() {
    return entries.size();
  }

  private void purge() {
    Instant cutoff = clock.instant().minus(RETENTION);
    entries.values().removeIf(p -> p.expiresAt().isBefore(cutoff));
  }
}
