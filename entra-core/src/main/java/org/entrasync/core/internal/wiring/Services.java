package org.entrasync.core.internal.wiring;

import java.time.Clock;
import java.util.Objects;
import org.entrasync.core.internal.connection.ConnectionService;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.internal.discovery.DiscoveryService;
import org.entrasync.core.internal.mapping.MappingService;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.internal.queue.ReconciliationService;
import org.entrasync.core.internal.sync.HeldDeletionService;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.internal.sync.TenantSyncService;

/** The use cases behind the facade and the workers, wired once from the installed parts. */
public record Services(
    ConnectionService connection,
    DiscoveryService discovery,
    MappingService mapping,
    ReconciliationService queue,
    TenantSyncService tenantSync,
    HeldDeletionService heldDeletions,
    SyncRunService runs,
    DirectoryGateways gateways,
    StoragePorts storage,
    Clock clock) {
  public Services {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(tenantSync, "tenantSync");
    Objects.requireNonNull(heldDeletions, "heldDeletions");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(gateways, "gateways");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
  }
}
