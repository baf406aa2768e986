package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SyncRunServiceTest {
  static final MspTenantId MSP = MspTenantId.of("msp-runs");
  static final String CONTOSO = "22222222-0000-4000-8000-000000000001";
  static final String FABRIKAM = "22222222-0000-4000-8000-000000000002";
  static final String NORTHWIND = "22222222-0000-4000-8000-000000000003";
  static final String CLIENT_CONTOSO = "client-contoso";
  static final String CLIENT_FABRIKAM = "client-fabrikam";

  InMemoryEntrasync app;

  @BeforeEach
  void setUp() {
    app = InMemoryEntrasync.create();
    addTenant(CONTOSO, "Contoso Ltd", "contoso.example", 1);
    addTenant(FABRIKAM, "Fabrikam Inc", "fabrikam.example", 2);
    addTenant(NORTHWIND, "Northwind Traders", "northwind.example", 3);
    app.clients().add(MSP, CLIENT_CONTOSO, "Contoso", "contoso.example");
    app.clients().add(MSP, CLIENT_FABRIKAM, "Fabrikam", "fabrikam.example");
    app.connect(MSP, ConnectionType.CIPP);
    app.discover(MSP);
  }

  private void addTenant(String id, String name, String domain, int users) {
    EmulatedTenant tenant = app.directory().addTenant(id, name, domain);
    for (int n = 1; n <= users; n++) {
      tenant.upsert(EmulatedUser.member(String.format("c000000%d-0000-4000-8000-%012d", users, n),
          "user" + n + "@" + domain, "User " + n));
    }
  }

  private TenantMapping mapping(String tenantId) {
    return app.mappings().findActive(MSP, EntraTenantId.of(tenantId)).orElseThrow();
  }

  private RunRequest request(String runId, SyncKind kind, String clientId, boolean dryRun) {
    return new RunRequest(MSP, runId, InMemoryEntrasync.workflowId(MSP, kind, clientId), kind, clientId,
        dryRun, "alice");
  }

  // ---- provisioning ------------------------------------------------------------------------

  @Test
  void scheduledRunsNeverProvisionACreateNewDecision() {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.createNew(MSP, FABRIKAM);

    InMemoryEntrasync.RunResult result = app.run(MSP, SyncKind.SCHEDULED, null, false);

    assertThat(result.tenants()).extracting(r -> r.tenantId().value()).containsExactly(CONTOSO);
    assertThat(result.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(app.clients().provisionCalls()).isZero();
    assertThat(mapping(FABRIKAM).state()).isEqualTo(MappingState.CREATE_NEW);
    assertThat(app.clients().listClients(MSP)).hasSize(2);
  }

  @Test
  void dryRunsNeverProvisionEither() {
    app.createNew(MSP, FABRIKAM);

    List<TenantTarget> targets = app.syncRuns().beginRun(request("run-dry", SyncKind.INITIAL, null, true));

    assertThat(targets).isEmpty();
    assertThat(app.clients().provisionCalls()).isZero();
    assertThat(mapping(FABRIKAM).state()).isEqualTo(MappingState.CREATE_NEW);
  }

  @ParameterizedTest
  @EnumSource(value = SyncKind.class, names = {"INITIAL", "ALL"})
  void explicitRunsProvisionTheClientOnceAndPromoteTheDecisionToMapped(SyncKind kind) {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.createNew(MSP, FABRIKAM);

    List<TenantTarget> targets = app.syncRuns().beginRun(request("run-1", kind, null, false));

    TenantMapping promoted = mapping(FABRIKAM);
    assertThat(promoted.state()).isEqualTo(MappingState.MAPPED);
    assertThat(promoted.decidedBy()).isEqualTo(SyncRunService.PROVISIONING_ACTOR);
    HostClient created = app.clients().findClient(MSP, promoted.clientId()).orElseThrow();
    assertThat(created.name()).isEqualTo("Fabrikam Inc");
    assertThat(created.websites()).containsExactly("fabrikam.example");
    assertThat(app.clients().provisioningKeyOf(MSP, created.id())).contains(FABRIKAM);
    assertThat(targets).containsExactly(
        new TenantTarget(EntraTenantId.of(CONTOSO), CLIENT_CONTOSO),
        new TenantTarget(EntraTenantId.of(FABRIKAM), created.id()));

    // A retried beginRun (same run) and a later run reuse the client.
    List<TenantTarget> again = app.syncRuns().beginRun(request("run-1", kind, null, false));
    List<TenantTarget> later = app.syncRuns().beginRun(request("run-2", kind, null, false));
    assertThat(again).isEqualTo(targets);
    assertThat(later).isEqualTo(targets);
    assertThat(app.clients().listClients(MSP)).hasSize(3);
  }

  @Test
  void aProvisioningInterruptedBeforeThePromotionReusesTheClientOnRetry() {
    app.createNew(MSP, FABRIKAM);
    // The client was created, then the worker crashed before the decision was promoted.
    HostClient first = app.clients().provisionClient(MSP, new ClientDraft(FABRIKAM, "Fabrikam Inc", "fabrikam.example"));

    List<TenantTarget> targets = app.syncRuns().beginRun(request("run-1", SyncKind.INITIAL, null, false));

    assertThat(targets).containsExactly(new TenantTarget(EntraTenantId.of(FABRIKAM), first.id()));
    assertThat(mapping(FABRIKAM).clientId()).isEqualTo(first.id());
    assertThat(app.clients().listClients(MSP)).hasSize(3);
  }

  @Test
  void aSingleClientRunProvisionsItsCreateNewDecisionAndSyncsOnlyThatClient() {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.map(MSP, NORTHWIND, CLIENT_FABRIKAM);
    // A create_new decision whose client exists already (provisioned by an earlier, interrupted run).
    HostClient provisioned = app.clients().provisionClient(MSP, new ClientDraft(FABRIKAM, "Fabrikam Inc", null));
    app.decide(MSP, FABRIKAM, MappingState.CREATE_NEW, provisioned.id());

    InMemoryEntrasync.RunResult result = app.run(MSP, SyncKind.CLIENT, provisioned.id(), false);

    assertThat(result.tenants()).extracting(r -> r.tenantId().value()).containsExactly(FABRIKAM);
    assertThat(result.run().scope()).isEqualTo("client:" + provisioned.id());
    assertThat(mapping(FABRIKAM).state()).isEqualTo(MappingState.MAPPED);
    assertThat(mapping(FABRIKAM).clientId()).isEqualTo(provisioned.id());
    assertThat(app.clients().listClients(MSP)).hasSize(3);
    assertThat(result.run().counters()).isEqualTo(SyncCounters.ZERO.withCreated(2));

    InMemoryEntrasync.RunResult other = app.run(MSP, SyncKind.CLIENT, CLIENT_FABRIKAM, false);
    assertThat(other.tenants()).extracting(r -> r.tenantId().value()).containsExactly(NORTHWIND);
  }

  // ---- run status --------------------------------------------------------------------------

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of(false, false, RunStatus.COMPLETED),
        Arguments.of(true, false, RunStatus.PARTIAL),
        Arguments.of(false, true, RunStatus.PARTIAL),
        Arguments.of(true, true, RunStatus.FAILED));
  }

  @ParameterizedTest(name = "contoso fails: {0}, fabrikam fails: {1} -> {2}")
  @MethodSource("outcomes")
  void theRunEndsCompletedPartialOrFailed(boolean contosoFails, boolean fabrikamFails, RunStatus expected) {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.map(MSP, FABRIKAM, CLIENT_FABRIKAM);
    // A tenant the connection can no longer read fails with "consent missing"; the other goes on.
    if (contosoFails) {
      app.directory().removeTenant(CONTOSO);
    }
    if (fabrikamFails) {
      app.directory().removeTenant(FABRIKAM);
    }

    InMemoryEntrasync.RunResult result = app.run(MSP, SyncKind.ALL, null, false);

    assertThat(result.run().status()).isEqualTo(expected);
    assertThat(result.run().processedTenants()).isEqualTo(2);
    assertThat(result.run().totalTenants()).isEqualTo(2);
    assertThat(result.run().finishedAt()).isNotNull();
    TenantSyncResult contoso = result.tenants().get(0);
    TenantSyncResult fabrikam = result.tenants().get(1);
    assertThat(contoso.status()).isEqualTo(contosoFails ? TenantRunStatus.FAILED : TenantRunStatus.COMPLETED);
    assertThat(fabrikam.status()).isEqualTo(fabrikamFails ? TenantRunStatus.FAILED : TenantRunStatus.COMPLETED);
    if (contosoFails) {
      assertThat(contoso.error()).contains(CONTOSO);
      assertThat(contoso.eligibleUsers()).isNull();
    }
    int created = (contosoFails ? 0 : 1) + (fabrikamFails ? 0 : 2);
    assertThat(result.run().counters()).isEqualTo(SyncCounters.ZERO.withCreated(created));
  }

  @Test
  void aRunWithNoMappedTenantCompletesWithZeroCounters() {
    app.decide(MSP, CONTOSO, MappingState.SKIP_FOR_NOW, null);
    app.decide(MSP, FABRIKAM, MappingState.NEEDS_REVIEW, null);

    InMemoryEntrasync.RunResult result = app.run(MSP, SyncKind.ALL, null, false);

    SyncRun run = result.run();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.counters()).isEqualTo(SyncCounters.ZERO);
    assertThat(run.totalTenants()).isZero();
    assertThat(run.processedTenants()).isZero();
    assertThat(result.tenants()).isEmpty();
  }

  @Test
  void aRunLevelErrorFailsTheRun() {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.syncRuns().beginRun(request("run-1", SyncKind.ALL, null, false));

    RunStatus status = app.syncRuns().finishRun(MSP, "run-1", "The worker was shut down");

    assertThat(status).isEqualTo(RunStatus.FAILED);
    assertThat(app.runs().findRun(MSP, "run-1").orElseThrow().error()).isEqualTo("The worker was shut down");
  }

  @Test
  void aRunWhoseEveryTenantFailedCarriesTheFirstTenantErrorAtRunLevel() {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.map(MSP, FABRIKAM, CLIENT_FABRIKAM);
    SyncRunService runs = app.syncRuns();
    List<TenantTarget> targets = runs.beginRun(request("run-f", SyncKind.ALL, null, false));
    for (TenantTarget target : targets) {
      runs.tenantStarted(MSP, "run-f", target);
      app.clock().advance(Duration.ofSeconds(1));
      runs.tenantFinished(MSP, new TenantSyncResult("run-f", target.tenantId(), target.clientId(), TenantRunStatus.FAILED,
          SyncCounters.ZERO, null, null, "No consent in " + target.tenantId().value() + ": grant it.", null,
          app.clock().instant()));
    }

    assertThat(runs.finishRun(MSP, "run-f", null)).isEqualTo(RunStatus.FAILED);

    // A host's run list shows why without opening the drill-down: the first tenant to fail, and how many did.
    String first = "No consent in " + targets.get(0).tenantId().value() + ": grant it.";
    assertThat(app.runs().findRun(MSP, "run-f").orElseThrow().error())
        .isEqualTo("Every tenant failed (2); the first: " + first);
  }

  @Test
  void aPartialRunKeepsItsRunLevelErrorEmpty() {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.map(MSP, FABRIKAM, CLIENT_FABRIKAM);
    SyncRunService runs = app.syncRuns();
    List<TenantTarget> targets = runs.beginRun(request("run-q", SyncKind.ALL, null, false));
    runs.tenantFinished(MSP, new TenantSyncResult("run-q", targets.get(0).tenantId(), targets.get(0).clientId(),
        TenantRunStatus.FAILED, SyncCounters.ZERO, null, null, "boom", null, app.clock().instant()));
    runs.tenantFinished(MSP, new TenantSyncResult("run-q", targets.get(1).tenantId(), targets.get(1).clientId(),
        TenantRunStatus.COMPLETED, SyncCounters.ZERO, null, null, null, null, app.clock().instant()));

    assertThat(runs.finishRun(MSP, "run-q", null)).isEqualTo(RunStatus.PARTIAL);
    assertThat(app.runs().findRun(MSP, "run-q").orElseThrow().error()).isNull();
  }

  @Test
  void aTenantThatFinishesAfterItsRunWasClosedKeepsTheRunsErrorAndEnd() {
    // A cancelled run closes itself with the reason while its children still wind down; a child's late
    // result is folded into the progress but must not erase why and when the run ended.
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    SyncRunService runs = app.syncRuns();
    List<TenantTarget> targets = runs.beginRun(request("run-c", SyncKind.ALL, null, false));
    runs.tenantStarted(MSP, "run-c", targets.get(0));
    assertThat(runs.finishRun(MSP, "run-c", "Cancelled: the connection was switched.")).isEqualTo(RunStatus.FAILED);
    SyncRun closed = app.runs().findRun(MSP, "run-c").orElseThrow();
    app.clock().advance(Duration.ofSeconds(5));

    runs.tenantFinished(MSP, new TenantSyncResult("run-c", targets.get(0).tenantId(), targets.get(0).clientId(),
        TenantRunStatus.FAILED, SyncCounters.ZERO, null, null, "stopped", null, app.clock().instant()));

    SyncRun after = app.runs().findRun(MSP, "run-c").orElseThrow();
    assertThat(after.status()).isEqualTo(RunStatus.FAILED);
    assertThat(after.error()).isEqualTo("Cancelled: the connection was switched.");
    assertThat(after.finishedAt()).isEqualTo(closed.finishedAt());
    assertThat(after.processedTenants()).isEqualTo(1);
  }

  // ---- progress ----------------------------------------------------------------------------

  @Test
  void progressIsReadableAfterEveryTenant() {
    app.map(MSP, CONTOSO, CLIENT_CONTOSO);
    app.map(MSP, FABRIKAM, CLIENT_FABRIKAM);
    app.map(MSP, NORTHWIND, CLIENT_FABRIKAM);
    SyncRunService runs = app.syncRuns();
    List<TenantTarget> targets = runs.beginRun(request("run-p", SyncKind.ALL, null, false));
    assertThat(targets).hasSize(3);
    SyncRun opened = app.runs().findRun(MSP, "run-p").orElseThrow();
    assertThat(opened.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(opened.totalTenants()).isEqualTo(3);
    assertThat(opened.processedTenants()).isZero();

    SyncCounters sum = SyncCounters.ZERO;
    int processed = 0;
    for (TenantTarget target : targets) {
      runs.tenantStarted(MSP, "run-p", target);
      assertThat(app.runs().tenantResults(MSP, "run-p"))
          .filteredOn(r -> r.tenantId().equals(target.tenantId()))
          .singleElement().extracting(TenantSyncResult::status).isEqualTo(TenantRunStatus.RUNNING);
      app.clock().advance(Duration.ofSeconds(10));
      TenantSyncOutcome outcome = app.tenantSync().sync(
          new TenantSyncCommand(MSP, target.tenantId(), target.clientId(), "run-p", false, null), SyncProgressListener.NONE);
      runs.tenantFinished(MSP, new TenantSyncResult("run-p", target.tenantId(), target.clientId(),
          TenantRunStatus.COMPLETED, outcome.counters(), outcome.eligibleUsers(), outcome.observedAt(), outcome.note(),
          null, app.clock().instant()));
      processed++;
      sum = sum.plus(outcome.counters());

      SyncRun progress = app.runs().findRun(MSP, "run-p").orElseThrow();
      assertThat(progress.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(progress.processedTenants()).isEqualTo(processed);
      assertThat(progress.totalTenants()).isEqualTo(3);
      assertThat(progress.counters()).isEqualTo(sum);
      TenantSyncResult recorded = app.runs().tenantResults(MSP, "run-p").stream()
          .filter(r -> r.tenantId().equals(target.tenantId())).findFirst().orElseThrow();
      assertThat(recorded.status()).isEqualTo(TenantRunStatus.COMPLETED);
      assertThat(recorded.startedAt()).isNotNull().isBefore(recorded.finishedAt()); // kept from tenantStarted
    }
    assertThat(sum).isEqualTo(SyncCounters.ZERO.withCreated(6));

    // A retried beginRun (the workflow replays its first activity) keeps the progress made so far.
    runs.beginRun(request("run-p", SyncKind.ALL, null, false));
    SyncRun reopened = app.runs().findRun(MSP, "run-p").orElseThrow();
    assertThat(reopened.processedTenants()).isEqualTo(3);
    assertThat(reopened.counters()).isEqualTo(sum);
    assertThat(reopened.startedAt()).isEqualTo(opened.startedAt());

    assertThat(runs.finishRun(MSP, "run-p", null)).isEqualTo(RunStatus.COMPLETED);
    SyncRun finished = app.runs().findRun(MSP, "run-p").orElseThrow();
    assertThat(finished.counters()).isEqualTo(sum);
    assertThat(finished.finishedAt()).isEqualTo(app.clock().instant());
  }
}
