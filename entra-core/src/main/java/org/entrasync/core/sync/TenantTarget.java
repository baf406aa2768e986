package org.entrasync.core.sync;

import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;

/** One tenant a run will sync, into which client. */
public record TenantTarget(EntraTenantId tenantId, String clientId) {
  public TenantTarget {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
  }
}
