package org.entrasync.core.port.out;

import java.util.Objects;

/**
 * Every storage repository, as one bundle a storage part contributes ({@link
 * org.entrasync.core.plugin.Installation#storage}). The page writer is not among them: it follows from
 * the host directories installed with the storage. {@code syncStart} is the combined read a tenant
 * sync starts with; a store without one gets it composed of the other ports ({@link
 * TenantSyncStartState#composedOf}).
 */
public record StoragePorts(
    ConnectionRepository connections,
    ManagedTenantRepository tenants,
    MappingRepository mappings,
    SyncSettingsRepository settings,
    SyncRunRepository runs,
    ContactLinkRepository links,
    ReconciliationQueueRepository queue,
    HeldDeletionRepository heldDeletions,
    TenantSyncStartState syncStart) {
  public StoragePorts {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(mappings, "mappings");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(heldDeletions, "heldDeletions");
    Objects.requireNonNull(syncStart, "syncStart");
  }

  /** The ports, with the sync start read composed of them. */
  public StoragePorts(ConnectionRepository connections, ManagedTenantRepository tenants, MappingRepository mappings,
      SyncSettingsRepository settings, SyncRunRepository runs, ContactLinkRepository links,
      ReconciliationQueueRepository queue, HeldDeletionRepository heldDeletions) {
    this(connections, tenants, mappings, settings, runs, links, queue, heldDeletions,
        TenantSyncStartState.composedOf(connections, settings, tenants, links, heldDeletions, queue));
  }
}
