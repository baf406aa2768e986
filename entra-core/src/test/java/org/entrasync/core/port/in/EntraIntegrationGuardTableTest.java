package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every guard refusal of every facade operation ({@link FacadeCall}), over core's in-memory fakes, in
 * milliseconds: the edition, client-portal and not-internal actors, missing permissions, the UI flag and
 * each surface flag, and a missing connection. Each refused call writes nothing: no stored state, no
 * workflow start, no schedule or flag write. The example host's {@code EntraIntegrationFacadeTest} runs
 * the same table on the real stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntraIntegrationGuardTableTest {
  private static final MspTenantId MSP = MspTenantId.of("owner-msp");
  /** Every flag on, no connection and no data: calls reach the checks after the guard. */
  private static final MspTenantId PROBE = MspTenantId.of("probe-msp");
  private static final MspTenantId FLAG_TARGET = MspTenantId.of("flag-target-msp");
  private static final String GLOBEX = "4c3e2a77-0000-4c33-8c33-000000000001";

  private final InMemoryEntrasync core = InMemoryEntrasync.create();
  private final StaticAccessPolicy access = StaticAccessPolicy.denyAll();
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger scheduleWrites = new AtomicInteger();
  private final AtomicInteger flagWrites = new AtomicInteger();
  private EntraIntegration facade;
  private EntraIntegration community;
  private FacadeCall.Fixture fixture;
  private int actors;

  @BeforeAll
  void ownerWithDataToLose() {
    core.flags().enableAllPhase1(MSP).enableAllPhase1(PROBE);
    core.directory().addTenant(GLOBEX, "Globex", "globex.example")
        .upsert(EmulatedUser.member(uid(1), "ann@globex.example", "Ann Glo"))
        .upsert(EmulatedUser.member(uid(2), "bob@globex.example", "Bob Glo"));
    core.clients().add(MSP, "client-globex", "Globex", "https://globex.example");
    core.clients().add(MSP, "client-initech", "Initech", null);
    core.contacts().seed(MSP, "c-bob-1", "client-globex", "Bob", "bob@globex.example");
    core.contacts().seed(MSP, "c-bob-2", "client-globex", "Robert", "bob@globex.example");
    core.connect(MSP, ConnectionType.CIPP);
    core.discover(MSP);
    core.map(MSP, GLOBEX, "client-globex");
    core.syncTenant(MSP, GLOBEX);
    assertThat(core.queue().listOpen(MSP)).as("bob is ambiguous").hasSize(1);
    core.heldDeletions().hold(MSP, new HeldDeletions(EntraTenantId.of(GLOBEX), HoldReason.THRESHOLD_TRIPPED,
        List.of(new HeldDeletions.HeldIdentity(EntraObjectId.of(uid(1)), InactiveReason.DELETED_UPSTREAM)), 3,
        Instant.parse("2025-05-01T10:00:00Z"), null, null));
    facade = build(Edition.ENTERPRISE);
    community = build(Edition.COMMUNITY);
    fixture = new FacadeCall.Fixture(MSP, EntraTenantId.of(GLOBEX), "client-globex", "client-initech",
        EntraObjectId.of(uid(2)), "c-bob-1", new SyncLauncher.LaunchedRun("entrasync/owner-msp/initial", "run-1", false),
        CippCredentials.withToken("https://cipp.example", "good"), CippCredentials.withToken("https://cipp.example", "bad"),
        FLAG_TARGET);
  }

  private EntraIntegration build(Edition edition) {
    EntraPlugin recorded = in -> {
      in.launcher(new CountingLauncher());
      in.schedules(new CountingSchedules());
    };
    return EntraIntegration.builder().edition(edition).secrets(core.secrets()).flags(new CountingFlags(core.flags()))
        .access(access).clock(core.clock()).install(core.plugin()).install(recorded).build();
  }

  private static String uid(int n) {
    return "4c3e2a77-0000-4000-8000-00000000000" + n;
  }

  private Actor actor(MspTenantId tenant, Actor.UserType type, String... permissions) {
    Actor actor = new Actor(tenant, "user-" + (++actors), type);
    access.grant(actor, Set.of(permissions));
    return actor;
  }

  private Actor admin(MspTenantId tenant) {
    return actor(tenant, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE);
  }

  /** Everything the fakes store for the three tenants, and every write that reached a recorder. */
  private List<Object> state() {
    List<Object> state = new ArrayList<>();
    for (MspTenantId t : List.of(MSP, PROBE, FLAG_TARGET)) {
      state.add(core.connections().history(t));
      state.add(core.secrets().tenantSecretNames(t));
      state.add(core.managedTenants().list(t));
      state.add(core.mappings().listActive(t));
      state.add(core.mappings().history(t, EntraTenantId.of(GLOBEX)));
      state.add(core.settings().get(t));
      state.add(core.runs().listRuns(t, 100));
      state.add(core.links().listAll(t));
      state.add(core.queue().listAll(t));
      state.add(core.heldDeletions().listHeld(t));
      state.add(core.contacts().all(t));
      state.add(core.clients().listClients(t));
      for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
        state.add(core.flags().isEnabled(t, flag.name()));
      }
    }
    state.add(core.flags().definitions());
    state.add(List.of(starts.get(), scheduleWrites.get(), flagWrites.get()));
    return state;
  }

  private void refusedWritingNothing(FacadeCall call, EntraIntegration on, Actor actor, Refusal expected) {
    List<Object> before = state();
    Throwable thrown = catchThrowable(() -> call.invoke(on, actor, fixture));
    assertThat(thrown).as("%s is refused %s", call, expected).isInstanceOf(RefusedException.class);
    assertThat(((RefusedException) thrown).refusal()).as("%s: %s", call, thrown.getMessage()).isEqualTo(expected);
    assertThat(((RefusedException) thrown).code().name()).isEqualTo(expected.name());
    assertThat(thrown.getMessage()).isNotBlank();
    assertThat(state()).as("%s refused %s writes nothing", call, expected).isEqualTo(before);
  }

  Stream<FacadeCall> allCalls() {
    return FacadeCall.all().stream();
  }

  Stream<FacadeCall> viewCalls() {
    return FacadeCall.views();
  }

  Stream<FacadeCall> writeCalls() {
    return FacadeCall.writes();
  }

  Stream<FacadeCall> uiGatedCalls() {
    return FacadeCall.behindTheUiFlag();
  }

  Stream<FacadeCall> connectionCalls() {
    return FacadeCall.needingAConnection();
  }

  Stream<Arguments> surfaceCalls() {
    return FacadeCall.all().stream().filter(c -> c.surfaceFlag() != null).map(c -> Arguments.of(c.surfaceFlag(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCalls")
  void anEditionOtherThanEnterpriseRefusesEveryCall(FacadeCall call) {
    refusedWritingNothing(call, community, admin(MSP), Refusal.EDITION_REQUIRED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCalls")
  void clientPortalActorsAndActorsThePolicyCallsExternalAreRefusedEveryCall(FacadeCall call) {
    refusedWritingNothing(call, facade, actor(MSP, Actor.UserType.CLIENT_PORTAL, Permissions.SYSTEM_SETTINGS_READ,
        Permissions.SYSTEM_SETTINGS_UPDATE), Refusal.FORBIDDEN);
    Actor external = new Actor(MSP, "user-" + (++actors), Actor.UserType.INTERNAL);
    access.grant(MSP, external.userId(), false, Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
    refusedWritingNothing(call, facade, external, Refusal.FORBIDDEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCalls")
  void anInternalActorWithoutPermissionsIsRefusedEveryCall(FacadeCall call) {
    refusedWritingNothing(call, facade, actor(MSP, Actor.UserType.INTERNAL), Refusal.FORBIDDEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("viewCalls")
  void withoutTheReadPermissionEveryViewIsRefused(FacadeCall call) {
    refusedWritingNothing(call, facade, actor(MSP, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_UPDATE),
        Refusal.FORBIDDEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writeCalls")
  void aReadOnlyActorIsRefusedEveryWrite(FacadeCall call) {
    refusedWritingNothing(call, facade, actor(MSP, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ),
        Refusal.FORBIDDEN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("uiGatedCalls")
  void theUiFlagOffRefusesEverySurface(FacadeCall call) {
    core.flags().set(MSP, FeatureFlags.UI, false);
    try {
      refusedWritingNothing(call, facade, admin(MSP), Refusal.FEATURE_DISABLED);
    } finally {
      core.flags().set(MSP, FeatureFlags.UI, true);
    }
  }

  @ParameterizedTest(name = "{0} off: {1}")
  @MethodSource("surfaceCalls")
  void aSurfaceFlagOffRefusesItsSurface(String flag, FacadeCall call) {
    core.flags().set(MSP, flag, false);
    try {
      refusedWritingNothing(call, facade, admin(MSP), Refusal.FEATURE_DISABLED);
    } finally {
      core.flags().set(MSP, flag, true);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectionCalls")
  void withoutAConnectionTheCallsThatNeedOneAreRefusedNotConnected(FacadeCall call) {
    refusedWritingNothing(call, facade, admin(PROBE), Refusal.NOT_CONNECTED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCalls")
  void flagAdministrationIsRefusedWithoutThePlatformPermissionOrForAnotherTenant(FacadeCall call) {
    if (!call.flagAdministration() || call.name().equals("ensurePhase1Flags")) {
      return; // the other calls are covered above; creating definitions needs no platform permission
    }
    refusedWritingNothing(call, facade, admin(MSP), Refusal.FORBIDDEN);
    refusedWritingNothing(call, facade, actor(MSP, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_UPDATE,
        Permissions.ENTRA_FLAGS_MANAGE), Refusal.FORBIDDEN);
  }

  // ---- recorders: count what reaches the host's launcher, schedules and flags ------------------

  private final class CountingLauncher implements SyncLauncher {
    @Override
    public LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy) {
      starts.incrementAndGet();
      return new LaunchedRun("entrasync/" + msp.value() + "/" + kind.wireName(), "run-" + starts.get(), false);
    }

    @Override
    public LaunchedRun startDiscovery(MspTenantId msp, String initiatedBy) {
      starts.incrementAndGet();
      return new LaunchedRun("entrasync/" + msp.value() + "/discovery", "run-" + starts.get(), false);
    }

    @Override
    public boolean belongsTo(LaunchedRun run, MspTenantId msp) {
      return run.workflowId().startsWith("entrasync/" + msp.value() + "/");
    }

    @Override
    public Optional<RunStatus> awaitCompletion(LaunchedRun run, Duration timeout) {
      return Optional.of(RunStatus.COMPLETED);
    }

    @Override
    public int cancelRunning(MspTenantId msp) {
      starts.incrementAndGet(); // a stop is a workflow write too
      return 0;
    }
  }

  private final class CountingSchedules implements ScheduleGateway {
    @Override
    public void upsertSchedule(MspTenantId msp, int intervalMinutes) {
      scheduleWrites.incrementAndGet();
    }

    @Override
    public void removeSchedule(MspTenantId msp) {
      scheduleWrites.incrementAndGet();
    }

    @Override
    public Optional<Instant> nextRun(MspTenantId msp) {
      return Optional.empty();
    }
  }

  private final class CountingFlags implements FeatureFlagProvider {
    private final FeatureFlagProvider delegate;

    CountingFlags(FeatureFlagProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean isEnabled(MspTenantId tenant, String flag) {
      return delegate.isEnabled(tenant, flag);
    }

    @Override
    public boolean ensureDefined(FeatureFlags.FlagDefinition definition) {
      flagWrites.incrementAndGet();
      return delegate.ensureDefined(definition);
    }

    @Override
    public void addTenantTarget(String flag, MspTenantId tenant) {
      flagWrites.incrementAndGet();
      delegate.addTenantTarget(flag, tenant);
    }
  }
}
