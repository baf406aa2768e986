package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/**
 * A discovered customer tenant as stored for one MSP tenant.
 *
 * @param present false once a discovery run no longer listed it (never deleted)
 * @param deltaCursor the delta link / cursor of the last completed sync, or null
 * @param lastSyncEligibleUsers eligible users counted by the last completed non-dry-run sync, or null
 * @param lastSyncObservedAt when that count was observed
 */
public record ManagedTenant(
    MspTenantId msp,
    EntraTenantId id,
    String displayName,
    String primaryDomain,
    Integer sourceUserCount,
    Instant discoveredAt,
    Instant lastSeenAt,
    boolean present,
    String deltaCursor,
    Integer lastSyncEligibleUsers,
    Instant lastSyncObservedAt) {
  public ManagedTenant {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(discoveredAt, "discoveredAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    displayName = displayName == null || displayName.isBlank() ? id.value() : displayName;
  }

  /** The best known user count: the last completed sync's, else discovery's, else null. */
  public Integer bestKnownUserCount() {
    return lastSyncEligibleUsers != null ? lastSyncEligibleUsers : sourceUserCount;
  }
}
