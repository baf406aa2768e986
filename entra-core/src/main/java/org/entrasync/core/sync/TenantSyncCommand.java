package org.entrasync.core.sync;

import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.MspTenantId;

/**
 * Sync one mapped managed tenant into one client.
 *
 * @param runId the run this sync belongs to (for results)
 * @param resumeFrom the checkpoint of an interrupted attempt of the same sync, or null to start
 */
public record TenantSyncCommand(
    MspTenantId msp, EntraTenantId tenantId, String clientId, String runId, boolean dryRun, SyncCheckpoint resumeFrom) {
  public TenantSyncCommand {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(tenantId, "tenantId");
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("A tenant sync needs the mapped client id");
    }
    Objects.requireNonNull(runId, "runId");
  }
}
