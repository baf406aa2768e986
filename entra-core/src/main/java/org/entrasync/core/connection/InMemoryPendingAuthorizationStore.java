package org.entrasync.core.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.entrasync.core.port.out.PendingAuthorization;
import org.entrasync.core.port.out.PendingAuthorizationStore;

/**
 * The single-node {@link PendingAuthorizationStore}: a concurrent map, for single-node hosts and
 * tests. Entries are kept one hour past their expiry (so an expired or replayed state gets a precise
 * message), then purged when a later sign-in is saved; a used entry keeps no verifier. Not shared
 * between nodes: a multi-node host uses the PostgreSQL store ({@code JdbiStorage.pendingAuthorizations()}).
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
