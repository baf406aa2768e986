package org.entrasync.core.sync;

import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.MspTenantId;

/**
 * Sync one mapped managed tenant into one client.
 *
 * @param runId the run this sync belongs to (for results)
 * @param resumeFrom the checkpoint of an interrupted attempt of the same sync, or null to start
 * @param priority the priority of the tenant's listing ({@link #priorityOf(SyncKind)} of the run's kind)
 */
public record TenantSyncCommand(MspTenantId msp, EntraTenantId tenantId, String clientId, String runId, boolean dryRun,
    SyncCheckpoint resumeFrom, ListingRequest.Priority priority) {
  public TenantSyncCommand {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(tenantId, "tenantId");
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("A tenant sync needs the mapped client id");
    }
    Objects.requireNonNull(runId, "runId");
  }

  /** At {@link ListingRequest.Priority#NORMAL}. */
  public TenantSyncCommand(
      MspTenantId msp, EntraTenantId tenantId, String clientId, String runId, boolean dryRun, SyncCheckpoint resumeFrom) {
    this(msp, tenantId, clientId, runId, dryRun, resumeFrom, ListingRequest.Priority.NORMAL);
  }

  /** Scheduled syncs run in the background, nobody waits on them: they list at low priority. */
  public static ListingRequest.Priority priorityOf(SyncKind kind) {
    return kind == SyncKind.SCHEDULED ? ListingRequest.Priority.LOW : ListingRequest.Priority.NORMAL;
  }
}
