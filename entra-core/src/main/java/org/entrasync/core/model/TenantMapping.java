package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/**
 * The active mapping decision of one managed tenant. Earlier decisions are kept as history.
 *
 * @param clientId the host client; required for {@code mapped}, null for {@code skip_for_now}, and
 *     set for {@code create_new} once the client was provisioned
 * @param confidence the matcher's score for the chosen client (1.0 for an exact domain), 0 if none
 */
public record TenantMapping(
    MspTenantId msp,
    EntraTenantId tenantId,
    MappingState state,
    String clientId,
    double confidence,
    String decidedBy,
    Instant decidedAt) {
  public TenantMapping {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if (state == MappingState.MAPPED && (clientId == null || clientId.isBlank())) {
      throw new IllegalArgumentException("A mapped tenant needs a client id");
    }
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be between 0 and 1");
    }
  }

  /** Whether the sync processes this tenant (mapped to a client). */
  public boolean isSyncable() {
    return state == MappingState.MAPPED;
  }
}
