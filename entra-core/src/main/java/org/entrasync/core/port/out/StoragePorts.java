package org.entrasync.core.port.out;

import java.util.Objects;

/** Every storage port, as one bundle a storage adapter hands to the facade builder. */
public record StoragePorts(
    ConnectionRepository connections,
    ManagedTenantRepository tenants,
    MappingRepository mappings,
    SyncSettingsRepository settings,
    SyncRunRepository runs,
    ContactLinkRepository links,
    ReconciliationQueueRepository queue,
    SyncPageWriter pageWriter,
    HeldDeletionRepository heldDeletions) {
  public StoragePorts {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(mappings, "mappings");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(pageWriter, "pageWriter");
    Objects.requireNonNull(heldDeletions, "heldDeletions");
  }
}
