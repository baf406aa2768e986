package org.entrasync.temporal.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.entrasync.adapters.cipp.CippAdapter;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.core.fakes.InMemoryFeatureFlagProvider;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.in.ConnectionView;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.FacadeCall;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;
import org.entrasync.temporal.EntraTemporal;
import org.entrasync.temporal.testing.InMemoryScheduleGateway;
import org.entrasync.temporal.testing.LocalStack;

/**
 * The example host as the facade tests use it: the real stack of {@link ExampleHost} (embedded
 * PostgreSQL, the in-process Temporal server with the library's worker, the Graph/identity and CIPP
 * emulators, the filesystem+environment secret provider), whose integration's launcher, schedule
 * gateway and flag provider are seen through recorders. The recorders only count the writing calls
 * that reach them, so a test can prove that a refused call started no workflow, touched no schedule
 * and changed no flag.
 */
final class FacadeHost implements AutoCloseable {
  static final URI REDIRECT_URI = FacadeCall.REDIRECT_URI;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  final ExampleHost host;
  final RecordingLauncher launcher;
  final RecordingSchedules schedules;
  final RecordingFlags flags;
  final EntraIntegration facade;
  final MspTenantId msp = ExampleHost.MSP;
  private final Map<Edition, EntraIntegration> otherEditions = new EnumMap<>(Edition.class);
  private int actors;

  FacadeHost() {
    AtomicReference<RecordingLauncher> recordedLauncher = new AtomicReference<>();
    AtomicReference<RecordingSchedules> recordedSchedules = new AtomicReference<>();
    AtomicReference<RecordingFlags> recordedFlags = new AtomicReference<>();
    host = new ExampleHost(ExampleHost.options(false, DirectoryGateway.ListingRequest.DEFAULT_PAGE_SIZE, null, null)
        .customizeTemporal((stack, temporal) -> temporal
            .wrapLauncher(started -> recordedLauncher.updateAndGet(none -> new RecordingLauncher(started)))
            .schedules(recordedSchedules.updateAndGet(none -> new RecordingSchedules(stack.schedules()))))
        .customize((stack, builder) -> builder.flags(recordedFlags.updateAndGet(none -> new RecordingFlags(stack.flags())))));
    launcher = recordedLauncher.get();
    schedules = recordedSchedules.get();
    flags = recordedFlags.get();
    facade = host.integration();
  }

  /**
   * An integration of another edition over the same stores, emulators and Temporal server, whose
   * launcher, schedules and flags are this host's recorders (the host's own one is enterprise).
   */
  EntraIntegration facade(Edition edition) {
    if (edition == Edition.ENTERPRISE) {
      return facade;
    }
    LocalStack stack = host.stack();
    return otherEditions.computeIfAbsent(edition, e -> EntraIntegration.builder()
        .edition(e).secrets(stack.secrets()).flags(flags).access(stack.access())
        .install(stack.storage().withReferenceHost())
        .install(GraphAdapter.create(stack.graphConfig()))
        .install(CippAdapter.create(stack.cippConfig()))
        .install(EntraTemporal.of(stack.workflowClient()).config(stack.temporalConfig()).schedules(schedules)
            .wrapLauncher(unused -> launcher))
        .build());
  }

  InMemoryFeatureFlagProvider hostFlags() {
    return host.flags();
  }

  // ---- actors -----------------------------------------------------------------------------

  /** An internal MSP admin (read and update) of the example MSP. */
  Actor admin() {
    return actor(msp, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE);
  }

  /** An MSP admin who also holds the platform permission to switch flags on for the own tenant. */
  Actor operator() {
    return actor(msp, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE,
        Permissions.ENTRA_FLAGS_MANAGE);
  }

  Actor actor(MspTenantId tenant, Actor.UserType type, String... permissions) {
    Actor actor = new Actor(tenant, "facade-user-" + (++actors), type);
    host.access().grant(actor, Set.of(permissions));
    return actor;
  }

  /** An actor the host's RBAC says is not internal, whatever the actor record claims. */
  Actor notInternalPerPolicy(MspTenantId tenant) {
    Actor actor = new Actor(tenant, "facade-user-" + (++actors), Actor.UserType.INTERNAL);
    host.access().grant(tenant, actor.userId(), false,
        Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
    return actor;
  }

  void enableAllFlags(MspTenantId tenant) {
    for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
      host.flags().set(tenant, flag.name(), true);
    }
  }

  // ---- connection -------------------------------------------------------------------------

  /** Connects directly: starts the sign-in, lets the emulator click through it, completes the callback. */
  ConnectionView connectDirect(Actor actor) {
    AuthorizationStart start = facade.startDirectConnection(actor, REDIRECT_URI);
    Map<String, String> callback = host.graph().authorize(start.authorizationUrl());
    return facade.completeDirectConnection(actor, callback);
  }

  CippCredentials goodCippCredentials() {
    return CippCredentials.withToken(host.cipp().baseUrl(), ExampleHost.CIPP_TOKEN);
  }

  ConnectionView connectCipp(Actor actor) {
    return facade.connectCipp(actor, goodCippCredentials());
  }

  // ---- runs -------------------------------------------------------------------------------

  RunStatus await(Actor actor, SyncLauncher.LaunchedRun run) {
    Optional<RunStatus> status = facade.awaitRun(actor, run, RUN_TIMEOUT);
    assertThat(status).as("run %s finished within %s", run.workflowId(), RUN_TIMEOUT).isPresent();
    return status.get();
  }

  void discover(Actor actor) {
    await(actor, facade.discoverTenants(actor));
  }

  // ---- reference host data ----------------------------------------------------------------

  void clients(MspTenantId tenant, HostClient... clients) {
    host.storage().referenceHostSeeder().insertClients(tenant, List.of(clients));
  }

  void contacts(MspTenantId tenant, HostContact... contacts) {
    host.storage().referenceHostSeeder().insertContacts(tenant, List.of(contacts));
  }

  static HostClient client(String id, String name, String website) {
    return new HostClient(id, name, website == null ? List.of() : List.of(website), null, List.of());
  }

  static HostContact contact(String id, String clientId, String fullName, String email) {
    return new HostContact(id, clientId, fullName, email, null, null, List.of(), false, null);
  }

  Optional<HostContact> contactById(MspTenantId tenant, String id) {
    return host.storage().referenceHostContacts().findByIds(tenant, List.of(id)).stream().findFirst();
  }

  FacadeSnapshot snapshot(MspTenantId... tenants) {
    return FacadeSnapshot.take(this, tenants.length == 0 ? List.of(msp) : List.of(tenants));
  }

  @Override
  public void close() {
    otherEditions.values().forEach(EntraIntegration::close);
    host.close();
  }

  // ---- recorders --------------------------------------------------------------------------

  /** The host's Temporal launcher, counting the workflows started through it. */
  static final class RecordingLauncher implements SyncLauncher {
    private final SyncLauncher delegate;
    final AtomicInteger starts = new AtomicInteger();

    RecordingLauncher(SyncLauncher delegate) {
      this.delegate = delegate;
    }

    @Override
    public LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy) {
      starts.incrementAndGet();
      return delegate.startSync(msp, kind, clientId, dryRun, initiatedBy);
    }

    @Override
    public LaunchedRun startDiscovery(MspTenantId msp, String initiatedBy) {
      starts.incrementAndGet();
      return delegate.startDiscovery(msp, initiatedBy);
    }

    @Override
    public boolean belongsTo(LaunchedRun run, MspTenantId msp) {
      return delegate.belongsTo(run, msp);
    }

    @Override
    public Optional<RunStatus> awaitCompletion(LaunchedRun run, Duration timeout) {
      return delegate.awaitCompletion(run, timeout);
    }

    @Override
    public int cancelRunning(MspTenantId msp) {
      return delegate.cancelRunning(msp);
    }
  }

  /** The host's schedule gateway, counting upserts and removals. */
  static final class RecordingSchedules implements ScheduleGateway {
    private final InMemoryScheduleGateway delegate;
    final AtomicInteger writes = new AtomicInteger();

    RecordingSchedules(InMemoryScheduleGateway delegate) {
      this.delegate = delegate;
    }

    @Override
    public void upsertSchedule(MspTenantId msp, int intervalMinutes) {
      writes.incrementAndGet();
      delegate.upsertSchedule(msp, intervalMinutes);
    }

    @Override
    public void removeSchedule(MspTenantId msp) {
      writes.incrementAndGet();
      delegate.removeSchedule(msp);
    }

    @Override
    public Optional<Instant> nextRun(MspTenantId msp) {
      return delegate.nextRun(msp);
    }

    Optional<Integer> interval(MspTenantId msp) {
      return delegate.interval(msp);
    }
  }

  /** The host's flag provider, counting the calls that may change a definition or a target. */
  static final class RecordingFlags implements FeatureFlagProvider {
    private final InMemoryFeatureFlagProvider delegate;
    final AtomicInteger writes = new AtomicInteger();

    RecordingFlags(InMemoryFeatureFlagProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean isEnabled(MspTenantId tenant, String flag) {
      return delegate.isEnabled(tenant, flag);
    }

    @Override
    public boolean ensureDefined(FeatureFlags.FlagDefinition definition) {
      writes.incrementAndGet();
      return delegate.ensureDefined(definition);
    }

    @Override
    public void addTenantTarget(String flag, MspTenantId tenant) {
      writes.incrementAndGet();
      delegate.addTenantTarget(flag, tenant);
    }
  }
}
