package org.entrasync.core.sync;

import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.MspTenantId;

/**
 * Sync one mapped managed tenant into one client.
 *
 * @param runId the run this sync belongs to (for results); {@link #PREVIEW_RUN_ID} for a preview, which
 *     belongs to no run
 * @param resumeFrom the checkpoint of an interrupted attempt of the same sync, or null to start
 * @param priority the priority of the tenant's listing ({@link #priorityOf(SyncKind)} of the run's kind)
 */
public record TenantSyncCommand(MspTenantId msp, EntraTenantId tenantId, String clientId, String runId, boolean dryRun,
    SyncCheckpoint resumeFrom, ListingRequest.Priority priority) {
  /** The run id of a {@link #preview}: no run record exists for it. */
  public static final String PREVIEW_RUN_ID = "preview";

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

  /**
   * A synchronous dry run of one tenant that belongs to no run (an operator's "what would a sync do"):
   * it plans everything and writes nothing.
   */
  public static TenantSyncCommand preview(MspTenantId msp, EntraTenantId tenantId, String clientId) {
    return new TenantSyncCommand(msp, tenantId, clientId, PREVIEW_RUN_ID, true, null);
  }

  /** Whether this is a {@link #preview}. */
  public boolean isPreview() {
    return PREVIEW_RUN_ID.equals(runId) && dryRun;
  }

  /** Scheduled syncs run in the background, nobody waits on them: they list at low priority. */
  public static ListingRequest.Priority priorityOf(SyncKind kind) {
    return kind == SyncKind.SCHEDULED ? ListingRequest.Priority.LOW : ListingRequest.Priority.NORMAL;
  }
}
