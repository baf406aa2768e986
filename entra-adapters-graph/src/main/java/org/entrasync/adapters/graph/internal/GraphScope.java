package org.entrasync.adapters.graph.internal;

import org.entrasync.core.model.EntraTenantId;

/**
 * Whose call this is, for error classification.
 *
 * @param tenant the customer tenant, or null for a call made with the partner's own token
 * @param delta whether the call is part of a delta round (then 410 and {@code syncStateNotFound} mean
 *     the cursor expired)
 */
public record GraphScope(EntraTenantId tenant, boolean delta) {
  public static GraphScope partner() {
    return new GraphScope(null, false);
  }

  public static GraphScope customer(EntraTenantId tenant) {
    return new GraphScope(tenant, false);
  }

  public static GraphScope delta(EntraTenantId tenant) {
    return new GraphScope(tenant, true);
  }
}
