package org.entrasync.core.mapping;

import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;

/**
 * One operator decision for one tenant: map to a client, create a new client, or skip for now.
 *
 * @param clientId required for {@link MappingState#MAPPED}, absent otherwise
 */
public record MappingDecision(EntraTenantId tenantId, MappingState state, String clientId) {
  public MappingDecision {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(state, "state");
    if (state == MappingState.NEEDS_REVIEW) {
      throw new IllegalArgumentException("'needs_review' is not a decision: map, create new or skip");
    }
    if (state == MappingState.MAPPED && (clientId == null || clientId.isBlank())) {
      throw new IllegalArgumentException("Mapping tenant " + tenantId + " needs a client id");
    }
    if (state != MappingState.MAPPED && clientId != null) {
      throw new IllegalArgumentException("Only a 'mapped' decision names a client");
    }
  }

  public static MappingDecision map(EntraTenantId tenantId, String clientId) {
    return new MappingDecision(tenantId, MappingState.MAPPED, clientId);
  }

  public static MappingDecision createNew(EntraTenantId tenantId) {
    return new MappingDecision(tenantId, MappingState.CREATE_NEW, null);
  }

  public static MappingDecision skip(EntraTenantId tenantId) {
    return new MappingDecision(tenantId, MappingState.SKIP_FOR_NOW, null);
  }
}
