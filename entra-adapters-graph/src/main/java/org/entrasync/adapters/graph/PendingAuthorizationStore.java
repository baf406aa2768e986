package org.entrasync.adapters.graph;

import java.time.Instant;
import java.util.Optional;

/**
 * Where started partner sign-ins wait for their callback. The default, {@link
 * InMemoryPendingAuthorizationStore}, works when the callback reaches the node that started the
 * sign-in; hosts running several nodes behind a load balancer plug in a shared implementation (a
 * database table or a cache with TTL) with the same atomic {@link #consume} semantics. Entries hold a
 * PKCE verifier: keep them out of logs, and drop them after their expiry.
 */
public interface PendingAuthorizationStore {

  /** Stores a newly started sign-in under its state. */
  void save(PendingAuthorization pending);

  /**
   * Atomically marks the sign-in under {@code state} as used at {@code now} and returns it as it was
   * before this call: {@code consumedAt()} is null the first time and set on every later call, so a
   * replayed state is recognised. Empty when the state is unknown (never issued, or already purged).
   */
  Optional<PendingAuthorization> consume(String state, Instant now);
}
