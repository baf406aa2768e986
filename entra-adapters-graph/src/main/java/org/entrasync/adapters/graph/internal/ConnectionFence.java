package org.entrasync.adapters.graph.internal;

import com.google.common.cache.Cache;
import java.util.Objects;
import java.util.OptionalLong;
import org.entrasync.core.connection.ConnectionGenerations;
import org.entrasync.spi.MspTenantId;

/**
 * Tells whether the connection a token refresh started under is still the MSP tenant's connection,
 * so a refresh that finishes after a disconnect, reconnect or switch writes nothing. Two signals:
 * the stored generation (the host's connection store, shared by every node), when the host wired one;
 * and this process's own epoch per tenant, which {@link #ended} replaces when the core tells the
 * gateway the connection ended (enough on a single node).
 */
public final class ConnectionFence {
  private final ConnectionGenerations stored;
  private final Cache<MspTenantId, Object> epochs;

  /** @param stored the host's connection store, or null when only this process's epochs count */
  public ConnectionFence(ConnectionGenerations stored, int maxTenants) {
    this.stored = stored;
    this.epochs = Caches.bounded(maxTenants);
  }

  /** Where the tenant's connection is now; take it before reading the credentials the work uses. */
  public Mark mark(MspTenantId msp) {
    Objects.requireNonNull(msp, "msp");
    // an epoch is a fresh object, never a counter: one forgotten and made again cannot match an old mark
    Object epoch = epochs.asMap().computeIfAbsent(msp, k -> new Object());
    return new Mark(stored == null ? null : stored.activeGeneration(msp), epoch);
  }

  /**
   * As {@link #mark(MspTenantId)}, with the generation the work read from the same connection store
   * when it started, before any credentials (null: unknown, read it now). It serves as the mark's
   * generation as well as one read now would: a disconnect, reconnect or switch since then changed the
   * stored generation, which {@link #holds} reads after the request. One read per token instead of two.
   */
  public Mark mark(MspTenantId msp, Long knownGeneration) {
    if (knownGeneration == null || stored == null) {
      return mark(msp);
    }
    Objects.requireNonNull(msp, "msp");
    Object epoch = epochs.asMap().computeIfAbsent(msp, k -> new Object());
    return new Mark(OptionalLong.of(knownGeneration), epoch);
  }

  /** Whether the connection is still the one {@code mark} saw (check before a write, and after it). */
  public boolean holds(MspTenantId msp, Mark mark) {
    if (epochs.getIfPresent(msp) != mark.epoch) {
      return false;
    }
    return stored == null || stored.activeGeneration(msp).equals(mark.generation);
  }

  /** The tenant's connection ended (disconnect, reconnect, switch): every earlier mark stops holding. */
  public void ended(MspTenantId msp) {
    epochs.put(msp, new Object());
  }

  /**
   * @param generation the stored generation then (empty: no active connection), or null when the
   *     host wired no connection store
   */
  public record Mark(OptionalLong generation, Object epoch) {
    /** False only when the host's connection store said no connection was active. */
    public boolean connected() {
      return generation == null || generation.isPresent();
    }
  }
}
