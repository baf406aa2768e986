package org.entrasync.core.internal.wiring;

import java.time.Clock;
import java.util.Objects;
import org.entrasync.core.internal.Preconditions;
import org.entrasync.core.internal.connection.ConnectionService;
import org.entrasync.core.internal.connection.Connections;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.internal.discovery.DiscoveryService;
import org.entrasync.core.internal.flags.FlagAdministration;
import org.entrasync.core.internal.mapping.MappingConfirmation;
import org.entrasync.core.internal.mapping.MappingService;
import org.entrasync.core.internal.queue.ReconciliationService;
import org.entrasync.core.internal.readmodel.OperatorViewService;
import org.entrasync.core.internal.schedule.Schedules;
import org.entrasync.core.internal.settings.SettingsAdministration;
import org.entrasync.core.internal.sync.HeldDeletionService;
import org.entrasync.core.internal.sync.PortSyncPageWriter;
import org.entrasync.core.internal.sync.SyncLaunching;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.internal.sync.TenantSyncService;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.FeatureFlagProvider;

/** The use cases wired once from the installed parts, for the facade and the workers alike. */
public final class Wiring {
  private final UseCases useCases;
  private final WorkerUseCases workers;

  public Wiring(Parts parts, FeatureFlagProvider flags, AccessPolicy access, Clock clock, int pageSize,
      DeletionThreshold deletionThreshold, SyncObserver observer) {
    Objects.requireNonNull(parts, "parts");
    StoragePorts storage = parts.storage();
    DirectoryGateways byType = new DirectoryGateways(parts.gateways(), storage.connections());
    // The writer follows from the installed directories: one that came with them writes in the storage's
    // transaction; otherwise pages go through the host's contact directory.
    SyncPageWriter writer = parts.sameTransactionWriter() != null
        ? parts.sameTransactionWriter()
        : new PortSyncPageWriter(parts.contacts(), storage.links(), storage.queue());
    TenantSyncService tenantSync = new TenantSyncService(byType, storage.tenants(), storage.syncStart(), storage.links(),
        storage.queue(), parts.contacts(), writer, storage.heldDeletions(), clock, pageSize, deletionThreshold, observer);
    SyncRunService runs = new SyncRunService(storage.runs(), storage.mappings(), storage.tenants(), parts.clients(), clock,
        observer);
    DiscoveryService discovery = new DiscoveryService(byType, storage.tenants(), clock);
    workers = new WorkerEntry(tenantSync, runs, discovery, clock, parts.launcher());

    Schedules schedules = new Schedules(parts.schedules());
    Preconditions preconditions = new Preconditions(storage.connections(), storage.tenants(), storage.mappings(),
        parts.launcher());
    SyncLaunching launching = new SyncLaunching(parts.launcher(), preconditions, tenantSync, storage.runs(),
        storage.settings(), schedules, runs);
    ConnectionService lifecycle = new ConnectionService(parts.secrets(), storage.connections(), byType, parts.directAuth(),
        parts.cippValidator(), clock, observer);
    useCases = new UseCases(
        new Connections(lifecycle, parts.launcher(), schedules, storage.tenants(), storage.mappings(), storage.settings()),
        launching,
        new MappingConfirmation(new MappingService(storage.tenants(), storage.mappings(), parts.clients(), clock),
            preconditions, launching, storage.tenants()),
        new SettingsAdministration(storage.settings(), storage.tenants(), preconditions, schedules),
        new HeldDeletionService(storage.heldDeletions(), storage.links(), parts.contacts(), storage.tenants(), clock),
        new ReconciliationService(storage.queue(), storage.links(), parts.contacts(), storage.tenants(), clock),
        new FlagAdministration(flags, access),
        new OperatorViewService(parts.operatorViews()));
  }

  public UseCases useCases() {
    return useCases;
  }

  public WorkerUseCases workers() {
    return workers;
  }
}
