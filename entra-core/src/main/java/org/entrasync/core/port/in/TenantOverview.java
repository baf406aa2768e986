package org.entrasync.core.port.in;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.TenantRunStatus;

/**
 * One row of the host UI's tenant list: the managed tenant, its mapping, its last sync and its user
 * count, read in one call ({@code EntraIntegration.tenantOverview}).
 *
 * @param present whether the last discovery still listed the tenant
 * @param sourceUserCount the tenant's user count as discovery reported it, or null
 * @param mappingState the active mapping decision, or null while undecided
 * @param clientId the host client it is mapped to, or null
 * @param lastSync the tenant's latest sync (dry runs left out), or null if it never synced
 * @param eligibleUsers users that passed the filters in the last sync that saw the tenant as it is, or
 *     null; {@code eligibleObservedAt} is when
 * @param deletionsHeldNow inactivations the deletion-safety valve holds for it now (0 when none)
 */
public record TenantOverview(
    EntraTenantId tenantId,
    String displayName,
    String primaryDomain,
    boolean present,
    Integer sourceUserCount,
    MappingState mappingState,
    String clientId,
    LastSync lastSync,
    Integer eligibleUsers,
    Instant eligibleObservedAt,
    int deletionsHeldNow) {
  public TenantOverview {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(displayName, "displayName");
    if (deletionsHeldNow < 0) {
      throw new IllegalArgumentException("deletionsHeldNow cannot be negative");
    }
  }

  /**
   * @param status {@code running} while the sync is in flight
   * @param error the operator message of a failed sync, or a completed sync's note; null if none
   */
  public record LastSync(String runId, TenantRunStatus status, Instant startedAt, Instant finishedAt,
      SyncCounters counters, String error) {
    public LastSync {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(status, "status");
      counters = counters == null ? SyncCounters.ZERO : counters;
    }
  }
}
