package org.entrasync.core.port.in;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.connection.ConnectionService;
import org.entrasync.core.connection.DirectoryGateways;
import org.entrasync.core.discovery.DiscoveryService;
import org.entrasync.core.internal.readmodel.OperatorViewService;
import org.entrasync.core.mapping.MappingService;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.core.port.out.OperatorViewRepository;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.queue.ReconciliationService;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.core.sync.SyncRunService;
import org.entrasync.core.sync.TenantSyncService;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.SecretProvider;

/**
 * Wires the facade for hosts without dependency injection. Required: edition, secrets, flags,
 * access, clients, contacts, storage, at least one directory gateway, and the launcher. Optional:
 * the direct-auth gateway and CIPP validator (without them that connection type is refused), the
 * schedule gateway, the clock, the page size and the deletion-safety threshold.
 */
public final class EntraIntegrationBuilder {
  private Edition edition;
  private SecretProvider secrets;
  private FeatureFlagProvider flags;
  private AccessPolicy access;
  private HostClientDirectory clients;
  private HostContactDirectory contacts;
  private StoragePorts storage;
  private final List<DirectoryGateway> gateways = new ArrayList<>();
  private DirectAuthGateway directAuth;
  private CippConnectionValidator cippValidator;
  private SyncLauncher launcher;
  private ScheduleGateway schedules;
  private Clock clock = Clock.systemUTC();
  private int pageSize = DirectoryGateway.ListingRequest.DEFAULT_PAGE_SIZE;
  private DeletionThreshold deletionThreshold = DeletionThreshold.DEFAULT;
  private boolean contactsShareStorageTransaction = true;
  private SyncObserver observer = SyncObserver.NONE;
  private OperatorViewRepository operatorViews;

  EntraIntegrationBuilder() {}

  public EntraIntegrationBuilder edition(Edition v) { this.edition = v; return this; }
  public EntraIntegrationBuilder secrets(SecretProvider v) { this.secrets = v; return this; }
  public EntraIntegrationBuilder flags(FeatureFlagProvider v) { this.flags = v; return this; }
  public EntraIntegrationBuilder access(AccessPolicy v) { this.access = v; return this; }
  public EntraIntegrationBuilder clients(HostClientDirectory v) { this.clients = v; return this; }
  public EntraIntegrationBuilder contacts(HostContactDirectory v) { this.contacts = v; return this; }
  public EntraIntegrationBuilder storage(StoragePorts v) { this.storage = v; return this; }
  public EntraIntegrationBuilder directoryGateway(DirectoryGateway v) { this.gateways.add(Objects.requireNonNull(v)); return this; }
  public EntraIntegrationBuilder directAuth(DirectAuthGateway v) { this.directAuth = v; return this; }
  public EntraIntegrationBuilder cippValidator(CippConnectionValidator v) { this.cippValidator = v; return this; }
  public EntraIntegrationBuilder launcher(SyncLauncher v) { this.launcher = v; return this; }
  public EntraIntegrationBuilder schedules(ScheduleGateway v) { this.schedules = v; return this; }
  public EntraIntegrationBuilder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }
  public EntraIntegrationBuilder pageSize(int v) { this.pageSize = v; return this; }
  public EntraIntegrationBuilder deletionThreshold(DeletionThreshold v) { this.deletionThreshold = Objects.requireNonNull(v); return this; }

  /** Told what syncs do, for the host's metrics (e.g. the Micrometer binder); default: nothing. */
  public EntraIntegrationBuilder observer(SyncObserver v) { this.observer = Objects.requireNonNull(v); return this; }
  /** The operator read models' storage (JdbiStorage.operatorViews()); without it those reads are refused. */
  public EntraIntegrationBuilder operatorViews(OperatorViewRepository v) { this.operatorViews = v; return this; }

  /**
   * Whether {@link StoragePorts#pageWriter()} writes the host's contacts itself, in the storage
   * transaction (true for the JDBI reference host). When false, pages are applied through the
   * {@link HostContactDirectory} port instead (hosts whose contacts live elsewhere).
   */
  public EntraIntegrationBuilder contactsShareStorageTransaction(boolean v) { this.contactsShareStorageTransaction = v; return this; }

  /** The wired use cases, for hosts that register the Temporal worker before building the facade. */
  public EntraServices buildServices() {
    require(secrets, "secrets");
    require(clients, "clients");
    require(contacts, "contacts");
    require(storage, "storage");
    if (gateways.isEmpty()) {
      throw new IllegalStateException("Wire at least one directory gateway (the Graph or the CIPP adapter)");
    }
    DirectoryGateways byType = new DirectoryGateways(gateways, storage.connections());
    SyncPageWriter writer = contactsShareStorageTransaction
        ? storage.pageWriter()
        : new org.entrasync.core.sync.PortSyncPageWriter(contacts, storage.links(), storage.queue());
    TenantSyncService tenantSync = new TenantSyncService(byType, storage.tenants(), storage.settings(), storage.links(),
        storage.queue(), contacts, writer, storage.heldDeletions(), clock, pageSize, deletionThreshold, observer);
    return new EntraServices(
        new ConnectionService(secrets, storage.connections(), byType, directAuth, cippValidator, clock),
        new DiscoveryService(byType, storage.tenants(), clock),
        new MappingService(storage.tenants(), storage.mappings(), clients, clock),
        new ReconciliationService(storage.queue(), storage.links(), contacts, storage.tenants(), clock),
        tenantSync,
        new org.entrasync.core.sync.HeldDeletionService(storage.heldDeletions(), storage.links(), contacts,
            storage.tenants(), clock),
        new SyncRunService(storage.runs(), storage.mappings(), storage.tenants(), clients, clock, observer),
        byType,
        storage,
        clock,
        new OperatorViewService(operatorViews));
  }

  public EntraIntegration build() {
    return build(buildServices());
  }

  /** Builds the facade over services built earlier with {@link #buildServices()}. */
  public EntraIntegration build(EntraServices services) {
    require(edition, "edition");
    require(flags, "flags");
    require(access, "access");
    require(launcher, "launcher");
    return new EntraIntegration(edition, flags, access, services, launcher, schedules);
  }

  private static void require(Object value, String name) {
    if (value == null) {
      throw new IllegalStateException("EntraIntegration needs " + name);
    }
  }
}
