package org.entrasync.core.port.in;

import java.time.Clock;
import java.util.Objects;
import org.entrasync.core.connection.ConnectionService;
import org.entrasync.core.connection.DirectoryGateways;
import org.entrasync.core.discovery.DiscoveryService;
import org.entrasync.core.internal.readmodel.OperatorViewService;
import org.entrasync.core.mapping.MappingService;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.queue.ReconciliationService;
import org.entrasync.core.sync.HeldDeletionService;
import org.entrasync.core.sync.SyncRunService;
import org.entrasync.core.sync.TenantSyncService;

/**
 * The use cases behind the facade, wired once. The Temporal worker registration takes the sync and
 * discovery use cases from here, so the worker and the facade share one wiring.
 */
public record EntraServices(
    ConnectionService connection,
    DiscoveryService discovery,
    MappingService mapping,
    ReconciliationService queue,
    TenantSyncService tenantSync,
    HeldDeletionService heldDeletions,
    SyncRunService runs,
    DirectoryGateways gateways,
    StoragePorts storage,
    Clock clock,
    OperatorViewService operatorViews) {
  public EntraServices {
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
    Objects.requireNonNull(operatorViews, "operatorViews");
  }
}
