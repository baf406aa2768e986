package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * Where started partner sign-ins wait for their callback (used by the direct connection's auth
 * gateway). Two implementations ship: {@code core.connection.InMemoryPendingAuthorizationStore}
 * for a single node and tests, and the PostgreSQL store of the jdbi adapter ({@code
 * JdbiStorage.pendingAuthorizations()}), which a host running several nodes behind a load balancer
 * needs, since the callback may reach another node than the one that started the sign-in.
 *
 * <p>Every implementation (checked by the core contract {@code PendingAuthorizationStoreContract}):
 *
 * <ul>
 *   <li>{@link #consume} is atomic: of any number of concurrent calls for one state, on any number
 *       of nodes, exactly one sees the sign-in unused;
 *   <li>once used, the sign-in's PKCE verifier is gone (not returned, not kept);
 *   <li>an entry stays recognisable (as expired, or as used) for a while after its expiry, so the
 *       caller can say precisely what went wrong, and is then forgotten;
 *   <li>the verifier is never logged and never put in an exception message.
 * </ul>
 *
 * The binding to the MSP tenant and the acting user is recorded in the entry and checked by the
 * caller on every completion. A state is a 256-bit random value issued to one browser: knowing it is
 * what lets a callback find its sign-in, which is why {@link #consume} takes the state alone.
 */
public interface PendingAuthorizationStore {

  /** Stores a newly started sign-in under its state. */
  void save(PendingAuthorization pending);

  /**
   * Atomically marks the sign-in under {@code state} as used at {@code now} and returns it as it was
   * before this call: with its verifier and {@code consumedAt()} null the first time; on every later
   * call with {@code consumedAt()} set and no verifier, so a replayed state is recognised. Empty when
   * the state is unknown (never issued, or already forgotten) or null.
   */
  Optional<PendingAuthorization> consume(String state, Instant now);
}
