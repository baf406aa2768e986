package org.entrasync.core.port.out;

import java.util.Objects;

/**
 * Every storage repository, as one bundle a storage part contributes ({@link
 * org.entrasync.core.plugin.Installation#storage}). The page writer is not among them: it follows from
 * the host directories installed with the storage.
 */
public record StoragePorts(
    ConnectionRepository connections,
    ManagedTenantRepository tenants,
    MappingRepository mappings,
    SyncSettingsRepository settings,
    SyncRunRepository runs,
    ContactLinkRepository links,
    ReconciliationQueueRepository queue,
    HeldDeletionRepository heldDeletions) {
  public StoragePorts {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(mappings, "mappings");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(heldDeletions, "heldDeletions");
  }
}
