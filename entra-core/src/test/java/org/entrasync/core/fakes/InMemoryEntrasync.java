package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.internal.discovery.DiscoveryService;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.core.internal.sync.PortSyncPageWriter;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.internal.sync.TenantSyncService;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;

/**
 * The whole core wired over in-memory fakes: every SPI fake, every storage port, a direct gateway
 * (with delta) and a CIPP gateway (without) over one {@link EmulatedDirectory}, and the use cases
 * ({@link DirectoryGateways}, {@link TenantSyncService}, {@link SyncRunService}, {@link
 * DiscoveryService}, {@link PortSyncPageWriter}) on a {@link MutableClock}.
 *
 * <p>The helpers ({@link #connect}, {@link #map}, {@link #syncTenant}, {@link #run}) do what a host
 * and the Temporal workflows would do, in-process and one tenant at a time, so a test reads like a
 * scenario. Every field is reachable, so a test can also drive the pieces one by one.
 */
public final class InMemoryEntrasync {
  private final MutableClock clock;
  private final EmulatedDirectory directory;
  private final InMemorySecretProvider secrets = new InMemorySecretProvider();
  private final InMemoryFeatureFlagProvider flags = new InMemoryFeatureFlagProvider();
  private final StaticAccessPolicy access = StaticAccessPolicy.allowAll();
  private final InMemoryHostClientDirectory clients = new InMemoryHostClientDirectory();
  private final InMemoryHostContactDirectory contacts;
  /** The contact directory the sync writes through ({@link #contacts} behind the builder's decorator). */
  private final HostContactDirectory hostContacts;
  private final InMemoryConnectionRepository connections = new InMemoryConnectionRepository();
  private final InMemoryManagedTenantRepository managedTenants = new InMemoryManagedTenantRepository();
  private final InMemoryMappingRepository mappings = new InMemoryMappingRepository();
  private final InMemorySyncSettingsRepository settings = new InMemorySyncSettingsRepository();
  private final InMemorySyncRunRepository runs = new InMemorySyncRunRepository();
  private final InMemoryContactLinkRepository links = new InMemoryContactLinkRepository();
  private final InMemoryReconciliationQueueRepository queue = new InMemoryReconciliationQueueRepository();
  private final InMemoryHeldDeletionRepository heldDeletions = new InMemoryHeldDeletionRepository();
  private final FakeDirectoryGateway directGateway;
  private final FakeDirectoryGateway cippGateway;
  private final DirectoryGateways gateways;
  private final PortSyncPageWriter pageWriter;
  private final TenantSyncService tenantSync;
  private final SyncRunService syncRuns;
  private final DiscoveryService discovery;
  private final AtomicInteger runSequence = new AtomicInteger();

  private InMemoryEntrasync(Builder b) {
    this.clock = MutableClock.at(b.start);
    this.directory = b.directory;
    this.contacts = new InMemoryHostContactDirectory(b.emailsUniquePerMspTenant);
    this.directGateway = new FakeDirectoryGateway(directory, ConnectionType.DIRECT, b.directSupportsDelta);
    this.cippGateway = new FakeDirectoryGateway(directory, ConnectionType.CIPP, false);
    this.gateways = new DirectoryGateways(List.of(directGateway, cippGateway), connections);
    HostContactDirectory host = b.hostDecorator.apply(contacts);
    this.hostContacts = host;
    this.pageWriter = new PortSyncPageWriter(host, links, queue);
    this.tenantSync = new TenantSyncService(gateways, managedTenants,
        org.entrasync.core.port.out.TenantSyncStartState.composedOf(connections, settings, managedTenants, links,
            heldDeletions, queue), links, queue, host, pageWriter,
        heldDeletions, clock, b.pageSize, b.deletionThreshold, b.observer);
    this.syncRuns = new SyncRunService(runs, mappings, managedTenants, clients, clock, b.observer);
    this.discovery = new DiscoveryService(gateways, managedTenants, clock);
  }

  public static InMemoryEntrasync create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options; the defaults are the library's. */
  public static final class Builder {
    private Instant start = MutableClock.DEFAULT_START;
    private EmulatedDirectory directory = new EmulatedDirectory();
    private int pageSize = 999;
    private DeletionThreshold deletionThreshold = DeletionThreshold.DEFAULT;
    private boolean emailsUniquePerMspTenant;
    private boolean directSupportsDelta = true;
    private java.util.function.UnaryOperator<HostContactDirectory> hostDecorator = h -> h;
    private org.entrasync.core.port.out.SyncObserver observer = org.entrasync.core.port.out.SyncObserver.NONE;

    private Builder() {}

    /** Told what the tenant sync and the run bookkeeping do (default: nobody). */
    public Builder observer(org.entrasync.core.port.out.SyncObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public Builder startAt(Instant start) { this.start = Objects.requireNonNull(start, "start"); return this; }
    public Builder directory(EmulatedDirectory directory) { this.directory = Objects.requireNonNull(directory, "directory"); return this; }
    /** Users per page the tenant sync asks for (1..999). */
    public Builder pageSize(int pageSize) { this.pageSize = pageSize; return this; }
    public Builder deletionThreshold(DeletionThreshold threshold) { this.deletionThreshold = Objects.requireNonNull(threshold, "threshold"); return this; }
    /** The host refuses a contact whose email belongs to another client's contact. */
    public Builder emailsUniquePerMspTenant(boolean unique) { this.emailsUniquePerMspTenant = unique; return this; }
    /** Whether the direct gateway offers delta rounds (default true; CIPP never does). */
    public Builder directSupportsDelta(boolean supportsDelta) { this.directSupportsDelta = supportsDelta; return this; }
    /**
     * Wraps the host contact directory the sync uses (for example to inject faults); {@link
     * InMemoryEntrasync#contacts()} stays the undecorated one, for seeding and reading back.
     */
    public Builder hostDecorator(java.util.function.UnaryOperator<HostContactDirectory> decorator) {
      this.hostDecorator = Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    public InMemoryEntrasync build() {
      if (pageSize < 1 || pageSize > 999) {
        throw new IllegalArgumentException("Page size must be between 1 and 999; got " + pageSize);
      }
      return new InMemoryEntrasync(this);
    }
  }

  // ---- the pieces ----------------------------------------------------------------------------

  public MutableClock clock() { return clock; }
  public EmulatedDirectory directory() { return directory; }
  public InMemorySecretProvider secrets() { return secrets; }
  public InMemoryFeatureFlagProvider flags() { return flags; }
  public StaticAccessPolicy access() { return access; }
  public InMemoryHostClientDirectory clients() { return clients; }
  public InMemoryHostContactDirectory contacts() { return contacts; }
  public InMemoryConnectionRepository connections() { return connections; }
  public InMemoryManagedTenantRepository managedTenants() { return managedTenants; }
  public InMemoryMappingRepository mappings() { return mappings; }
  public InMemorySyncSettingsRepository settings() { return settings; }
  public InMemorySyncRunRepository runs() { return runs; }
  public InMemoryContactLinkRepository links() { return links; }
  public InMemoryReconciliationQueueRepository queue() { return queue; }
  public InMemoryHeldDeletionRepository heldDeletions() { return heldDeletions; }
  public FakeDirectoryGateway directGateway() { return directGateway; }
  public FakeDirectoryGateway cippGateway() { return cippGateway; }
  public FakeDirectoryGateway gateway(ConnectionType type) { return type == ConnectionType.DIRECT ? directGateway : cippGateway; }
  public DirectoryGateways gateways() { return gateways; }
  /** Every storage port, as a storage part contributes them. */
  public StoragePorts storagePorts() {
    return new StoragePorts(connections, managedTenants, mappings, settings, runs, links, queue, heldDeletions);
  }

  /**
   * The fakes as one installable part: every storage port, the host's directories (pages applied through
   * the contact directory, as for a host with its own contacts) and both gateways.
   */
  public EntraPlugin plugin() {
    return plugin(directGateway, cippGateway);
  }

  /** The same part with other directory gateways (for example wrapped ones). */
  public EntraPlugin plugin(DirectoryGateway... directoryGateways) {
    List<DirectoryGateway> contributed = List.of(directoryGateways);
    return installation -> {
      installation.storage(storagePorts());
      installation.hostDirectories(clients, hostContacts);
      contributed.forEach(installation::directoryGateway);
    };
  }
  public PortSyncPageWriter pageWriter() { return pageWriter; }
  public TenantSyncService tenantSync() { return tenantSync; }
  public SyncRunService syncRuns() { return syncRuns; }
  public DiscoveryService discovery() { return discovery; }

  // ---- what a host and the workflows would do ------------------------------------------------

  /** Makes a validated connection of this type the tenant's active one. */
  public PartnerConnection connect(MspTenantId msp, ConnectionType type) {
    PartnerConnection connection = new PartnerConnection(msp, type, ConnectionStatus.CONNECTED, clock.instant(), clock.instant(), null);
    connections.activate(connection);
    return connection;
  }

  /** Runs discovery; returns the number of tenants listed. */
  public int discover(MspTenantId msp) {
    return discovery.discover(msp);
  }

  /** Maps a discovered tenant to an existing client (the operator's decision). */
  public TenantMapping map(MspTenantId msp, String tenantId, String clientId) {
    return decide(msp, tenantId, MappingState.MAPPED, clientId);
  }

  /** Approves a {@code create_new} decision for a discovered tenant. */
  public TenantMapping createNew(MspTenantId msp, String tenantId) {
    return decide(msp, tenantId, MappingState.CREATE_NEW, null);
  }

  public TenantMapping decide(MspTenantId msp, String tenantId, MappingState state, String clientId) {
    TenantMapping mapping = new TenantMapping(msp, EntraTenantId.of(tenantId), state, clientId,
        state == MappingState.MAPPED ? 1.0 : 0.0, "test-operator", clock.instant());
    mappings.saveDecisions(msp, List.of(mapping));
    return mapping;
  }

  public void saveSettings(MspTenantId msp, SyncSettings value) {
    settings.save(msp, value);
  }

  /** A real sync of one mapped tenant into its mapped client. */
  public TenantSyncOutcome syncTenant(MspTenantId msp, String tenantId) {
    return syncTenant(msp, EntraTenantId.of(tenantId), false, null, SyncProgressListener.NONE);
  }

  /** A dry run of one mapped tenant. */
  public TenantSyncOutcome dryRunTenant(MspTenantId msp, String tenantId) {
    return syncTenant(msp, EntraTenantId.of(tenantId), true, null, SyncProgressListener.NONE);
  }

  public TenantSyncOutcome syncTenant(MspTenantId msp, EntraTenantId tenantId, boolean dryRun, SyncCheckpoint resumeFrom,
      SyncProgressListener progress) {
    String clientId = mappings.findActive(msp, tenantId)
        .filter(TenantMapping::isSyncable)
        .map(TenantMapping::clientId)
        .orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " is not mapped to a client"));
    return tenantSync.sync(new TenantSyncCommand(msp, tenantId, clientId, "direct-" + runSequence.incrementAndGet(),
        dryRun, resumeFrom), progress);
  }

  /** A finished run: its row and its per-tenant results. */
  public record RunResult(SyncRun run, List<TenantSyncResult> tenants) {}

  /**
   * Runs a sync path in-process as the workflows do: open the run, sync each tenant (one failure
   * never stops the others), record each result as it arrives, close the run.
   */
  public RunResult run(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun) {
    String runId = "run-" + runSequence.incrementAndGet();
    RunRequest request = new RunRequest(msp, runId, workflowId(msp, kind, clientId), kind,
        clientId, dryRun, "test-operator");
    List<TenantTarget> targets = syncRuns.beginRun(request);
    for (TenantTarget target : targets) {
      syncRuns.tenantStarted(msp, runId, target);
      Instant startedAt = clock.instant();
      TenantSyncResult result;
      try {
        TenantSyncOutcome outcome = tenantSync.sync(
            new TenantSyncCommand(msp, target.tenantId(), target.clientId(), runId, dryRun, null,
                TenantSyncCommand.priorityOf(kind)), SyncProgressListener.NONE);
        result = new TenantSyncResult(runId, target.tenantId(), target.clientId(), TenantRunStatus.COMPLETED,
            outcome.counters(), outcome.eligibleUsers(), outcome.observedAt(), outcome.note(), startedAt, clock.instant(),
            outcome.deletionsHeld());
      } catch (RuntimeException e) {
        result = new TenantSyncResult(runId, target.tenantId(), target.clientId(), TenantRunStatus.FAILED,
            null, null, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), startedAt, clock.instant());
      }
      syncRuns.tenantFinished(msp, result);
    }
    syncRuns.finishRun(msp, runId, null);
    return new RunResult(runs.findRun(msp, runId).orElseThrow(), new ArrayList<>(runs.tenantResults(msp, runId)));
  }

  /** The deterministic workflow id of a sync path. */
  public static String workflowId(MspTenantId msp, SyncKind kind, String clientId) {
    String base = "entrasync/" + msp.value() + "/";
    if (kind == SyncKind.INITIAL) {
      return base + "initial";
    }
    if (kind == SyncKind.CLIENT) {
      return base + "client/" + clientId;
    }
    return base + "all";
  }
}
