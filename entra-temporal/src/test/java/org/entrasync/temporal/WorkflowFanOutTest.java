package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.internal.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real workflows on temporal-testing's in-process server, over in-memory ports: fan-out,
 * failure isolation, resume after a crash, dedupe of repeated starts, the tenant mutex, provisioning
 * rules. (The same workflows over PostgreSQL and the HTTP emulators run in the example-host tests.)
 */
class WorkflowFanOutTest {
  private static final MspTenantId MSP = MspTenantId.of("acme");
  private static final String T1 = "11111111-0000-4000-8000-000000000001";
  private static final String T2 = "22222222-0000-4000-8000-000000000002";
  private static final String T3 = "33333333-0000-4000-8000-000000000003";

  private InMemoryEntrasync fakes;
  private GatedGateway gateway;
  private TestWorkflowEnvironment env;
  private TemporalSyncLauncher launcher;
  private EntraTemporalConfig config;
  private EntraIntegration integration;

  @BeforeEach
  void setUp() {
    fakes = InMemoryEntrasync.builder().pageSize(2).build();
    for (String[] t : new String[][] {{T1, "Contoso", "contoso.example"}, {T2, "Northwind", "northwind.example"}, {T3, "Fabrikam", "fabrikam.example"}}) {
      EmulatedTenant tenant = fakes.directory().addTenant(t[0], t[1], t[2]);
      for (int i = 0; i < 5; i++) {
        tenant.upsert(EmulatedUser.member(t[0].substring(0, 8) + "-0000-4000-8000-00000000010" + i, "user" + i + "@" + t[2], "User " + i));
      }
      fakes.clients().add(MSP, "client-" + t[1].toLowerCase(), t[1], "https://" + t[2]);
    }
    fakes.connect(MSP, ConnectionType.DIRECT);
    fakes.discover(MSP);
    gateway = new GatedGateway(fakes.directGateway());

    env = TestWorkflowEnvironment.newInstance();
    config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-test").withFanOutWindow(2)
        .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1), 4);
    registerWorkers();
    env.start();
    launcher = new TemporalSyncLauncher(env.getWorkflowClient(), config);
  }

  /** The workers of an integration over the fakes whose only gateway is the gated one (pages of 2 users). */
  private void registerWorkers() {
    if (integration != null) {
      integration.close();
    }
    integration = InMemoryIntegration.build(fakes, env.getWorkflowClient(), config, 2, fakes.plugin(gateway));
    EntraWorkers.register(env.getWorkerFactory(), integration);
  }

  @AfterEach
  void tearDown() {
    gateway.release();
    env.close();
    integration.close();
  }

  private void mapAll() {
    fakes.map(MSP, T1, "client-contoso");
    fakes.map(MSP, T2, "client-northwind");
    fakes.map(MSP, T3, "client-fabrikam");
  }

  private RunStatus await(LaunchedRun run) {
    return launcher.awaitCompletion(run, Duration.ofMinutes(2)).orElseThrow();
  }

  @Test
  void cancellingTheRunsOfAnMspEndsItsRunningSyncAsFailedWithTheReasonAndLeavesOtherMspsAlone() throws Exception {
    mapAll();
    gateway.hold(EntraTenantId.of(T1));
    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "alice");
    assertThat(gateway.awaitHeld()).isTrue();

    int cancelled = launcher.cancelRunning(MSP);
    gateway.release();

    assertThat(cancelled).isGreaterThanOrEqualTo(1);
    assertThat(await(run)).isEqualTo(RunStatus.FAILED);
    SyncRun row = fakes.runs().findRun(MSP, run.runId()).orElseThrow();
    assertThat(row.status()).isEqualTo(RunStatus.FAILED);
    assertThat(row.error()).contains("connection was disconnected or switched");
    // the children wind down on their own (each records its tenant first): soon nothing of the MSP runs
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!launcher.runningWorkflowIds(MSP).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(launcher.runningWorkflowIds(MSP)).as("nothing of the MSP still runs").isEmpty();
    assertThat(launcher.cancelRunning(MspTenantId.of("someone-else"))).isZero();
  }

  @Test
  void aRunTerminatedInTemporalIsWaitedForAsFailedAndItsRecordClosedSayingWhy() throws Exception {
    mapAll();
    gateway.hold(EntraTenantId.of(T1));
    fakes.flags().enableAllPhase1(MSP);
    Actor alice = Actor.internal(MSP, "alice");
    LaunchedRun run = integration.syncAllTenants(alice);
    assertThat(gateway.awaitHeld()).isTrue();
    assertThat(fakes.runs().findRun(MSP, run.runId()).orElseThrow().finishedAt()).isNull();

    // an operator ends the run in Temporal's UI: its workflow cannot finish its own record
    env.getWorkflowClient().newUntypedWorkflowStub(run.workflowId(), Optional.of(run.runId()), Optional.empty())
        .terminate("ended by an operator");
    gateway.release();

    assertThat(integration.awaitRun(alice, run, Duration.ofMinutes(2))).contains(RunStatus.FAILED);
    SyncRun row = fakes.runs().findRun(MSP, run.runId()).orElseThrow();
    assertThat(row.status()).isEqualTo(RunStatus.FAILED);
    assertThat(row.finishedAt()).isNotNull();
    assertThat(row.error()).contains("ended in Temporal without finishing");
    assertThat(fakes.runs().tenantResults(MSP, run.runId())).extracting(TenantSyncResult::status)
        .doesNotContain(TenantRunStatus.RUNNING);
  }

  @Test
  void initialSyncOfSeveralTenantsCompletesAndRecordsEveryTenant() {
    mapAll();
    LaunchedRun run = launcher.startSync(MSP, SyncKind.INITIAL, null, false, "alice");

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    SyncRun row = fakes.runs().findRun(MSP, run.runId()).orElseThrow();
    assertThat(row.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(row.totalTenants()).isEqualTo(3);
    assertThat(row.processedTenants()).isEqualTo(3);
    assertThat(row.counters().created()).isEqualTo(15);
    assertThat(row.workflowId()).isEqualTo("entrasync/acme/initial");
    assertThat(fakes.runs().tenantResults(MSP, run.runId())).extracting(TenantSyncResult::status)
        .containsOnly(TenantRunStatus.COMPLETED);
    assertThat(fakes.contacts().all(MSP)).hasSize(15);
  }

  @Test
  void oneTenantWithoutConsentFailsAloneAndTheRunIsPartial() {
    mapAll();
    gateway.failTenant(EntraTenantId.of(T2), new ConsentMissingException(EntraTenantId.of(T2), "consent missing in " + T2));

    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "alice");

    assertThat(await(run)).isEqualTo(RunStatus.PARTIAL);
    List<TenantSyncResult> results = fakes.runs().tenantResults(MSP, run.runId());
    assertThat(results).filteredOn(r -> r.status() == TenantRunStatus.FAILED).singleElement()
        .satisfies(r -> assertThat(r.error()).contains("consent missing"));
    assertThat(results).filteredOn(r -> r.status() == TenantRunStatus.COMPLETED).hasSize(2);
  }

  @Test
  void aCrashMidTenantResumesAtTheFailedPageAndEndsWithTheSameContacts() {
    fakes.map(MSP, T1, "client-contoso");
    // page size 2: pages 0,1,2; the first attempt dies on page 2 after pages 0 and 1 were applied
    fakes.directGateway().failOnPage(2, () -> new EntraUnavailableException("worker lost"), 1);

    LaunchedRun run = launcher.startSync(MSP, SyncKind.CLIENT, "client-contoso", false, "alice");

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    List<HostContact> contacts = fakes.contacts().all(MSP);
    assertThat(contacts).hasSize(5);
    assertThat(contacts).extracting(HostContact::email).doesNotHaveDuplicates();
    assertThat(fakes.links().countActive(MSP, EntraTenantId.of(T1))).isEqualTo(5);
    // the retry resumed from the heartbeated cursor instead of listing from the start
    assertThat(fakes.directGateway().requests()).last().satisfies(r -> assertThat(r.resumeCursor()).isNotNull());
    assertThat(fakes.runs().findRun(MSP, run.runId()).orElseThrow().counters().created()).isEqualTo(5);
  }

  @Test
  void aSlowUpstreamAnswerIsWaitedForWithHeartbeatsInTheFirstAttempt() {
    // The heartbeat timeout is 1 s and every listing's first page comes after 3.5 s: without a
    // heartbeat while the activity waits, Temporal would declare each attempt dead and start another.
    restartWorker(config.withHeartbeatTimeout(Duration.ofSeconds(1)).withFanOutWindow(3));
    mapAll();
    gateway.firstByteDelay(Duration.ofMillis(3_500));

    LaunchedRun run = launcher.startSync(MSP, SyncKind.INITIAL, null, false, "alice");

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    for (String tenant : List.of(T1, T2, T3)) {
      assertThat(gateway.listingsOf(EntraTenantId.of(tenant))).as("listings of %s", tenant).isEqualTo(1);
    }
    assertThat(fakes.contacts().all(MSP)).hasSize(15);
  }

  @Test
  void aRepeatedManualStartJoinsTheRunInFlight() throws Exception {
    mapAll();
    gateway.hold(EntraTenantId.of(T1));
    LaunchedRun first = launcher.startSync(MSP, SyncKind.ALL, null, false, "alice");
    assertThat(gateway.awaitHeld()).isTrue();

    LaunchedRun second = launcher.startSync(MSP, SyncKind.ALL, null, false, "bob");

    assertThat(second.alreadyRunning()).isTrue();
    assertThat(second.runId()).isEqualTo(first.runId());
    Payloads.RunProgress progress = env.getWorkflowClient()
        .newWorkflowStub(org.entrasync.temporal.internal.Workflows.AllTenantsSyncWorkflow.class, first.workflowId()).progress();
    assertThat(progress.totalTenants()).isEqualTo(3);
    assertThat(progress.processedTenants()).isLessThan(3);
    gateway.release();
    assertThat(await(first)).isEqualTo(RunStatus.COMPLETED);
    assertThat(fakes.runs().listRuns(MSP, 10)).hasSize(1);
  }

  @Test
  void aTenantAlreadySyncingIsSkippedByAnotherRunNotFailed() throws Exception {
    mapAll();
    gateway.hold(EntraTenantId.of(T1));
    LaunchedRun clientRun = launcher.startSync(MSP, SyncKind.CLIENT, "client-contoso", false, "alice");
    assertThat(gateway.awaitHeld()).isTrue();

    LaunchedRun allRun = launcher.startSync(MSP, SyncKind.ALL, null, false, "bob");
    WorkflowStub allStub = env.getWorkflowClient().newUntypedWorkflowStub(allRun.workflowId());
    Payloads.RunResult all = allStub.getResult(Payloads.RunResult.class);

    assertThat(all.status()).isEqualTo("completed");
    assertThat(fakes.runs().tenantResults(MSP, allRun.runId()))
        .filteredOn(r -> r.tenantId().value().equals(T1)).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(TenantRunStatus.SKIPPED));
    gateway.release();
    assertThat(await(clientRun)).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void scheduledRunsNeverProvisionButManualOnesDo() {
    fakes.map(MSP, T1, "client-contoso");
    fakes.createNew(MSP, T3);

    assertThat(await(launcher.startSync(MSP, SyncKind.SCHEDULED, null, false, ScheduleSpecFactory.SCHEDULE_ACTOR)))
        .isEqualTo(RunStatus.COMPLETED);
    assertThat(fakes.clients().provisionCalls()).isZero();
    assertThat(fakes.mappings().findActive(MSP, EntraTenantId.of(T3)).orElseThrow().state()).isEqualTo(MappingState.CREATE_NEW);

    assertThat(await(launcher.startSync(MSP, SyncKind.ALL, null, false, "alice"))).isEqualTo(RunStatus.COMPLETED);
    var mapping = fakes.mappings().findActive(MSP, EntraTenantId.of(T3)).orElseThrow();
    assertThat(mapping.state()).isEqualTo(MappingState.MAPPED);
    assertThat(fakes.contacts().all(MSP)).filteredOn(c -> c.clientId().equals(mapping.clientId())).hasSize(5);

    assertThat(await(launcher.startSync(MSP, SyncKind.ALL, null, false, "alice"))).isEqualTo(RunStatus.COMPLETED);
    assertThat(fakes.clients().listClients(MSP)).hasSize(4);
  }

  @Test
  void aRunWithNoMappedTenantsCompletesWithZeroCounters() {
    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "alice");
    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    SyncRun row = fakes.runs().findRun(MSP, run.runId()).orElseThrow();
    assertThat(row.totalTenants()).isZero();
    assertThat(row.counters().total()).isZero();
  }

  @Test
  void discoveryRunsAsAWorkflow() {
    fakes.directory().addTenant("44444444-0000-4000-8000-000000000004", "Tailspin", "tailspin.example");
    LaunchedRun run = launcher.startDiscovery(MSP, "alice");
    assertThat(launcher.awaitCompletion(run, Duration.ofMinutes(1))).isPresent();
    assertThat(fakes.managedTenants().list(MSP)).hasSize(4);
  }

  @Test
  void aDryRunWritesNoContactsButIsRecorded() {
    fakes.map(MSP, T1, "client-contoso");
    LaunchedRun run = launcher.startSync(MSP, SyncKind.CLIENT, "client-contoso", true, "alice");
    assertThat(run.workflowId()).endsWith("/dry-run");
    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    assertThat(fakes.contacts().all(MSP)).isEmpty();
    SyncRun row = fakes.runs().findRun(MSP, run.runId()).orElseThrow();
    assertThat(row.dryRun()).isTrue();
    assertThat(row.counters().created()).isEqualTo(5);
  }

  @Test
  void aRunWhoseHistoryPassesTheLimitContinuesAsNewAndStillSyncsEveryTenantOnceUnderOneRun() {
    // A run of 10,000 tenants would write ~70,000 events into one history (Temporal warns at 10,240
    // and refuses 51,200); past maxRunHistoryEvents the run lets its children finish and continues
    // as new, carrying its run id, progress and the tenants still to do.
    int limit = 15;
    restartWorker(config.withMaxRunHistoryEvents(limit));
    mapAll();

    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "alice");

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    List<WorkflowExecutionHistory> chain = executionChain(run);
    assertThat(chain).as("executions of the run").hasSizeGreaterThan(1);
    // past the limit an execution only waits for the children in flight (at most the window)
    assertThat(chain).allSatisfy(h -> assertThat(h.getHistory().getEventsCount())
        .isLessThanOrEqualTo(limit + 12 * config.fanOutWindow()));
    SyncRun row = fakes.runs().findRun(MSP, run.runId()).orElseThrow();
    assertThat(row.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(row.totalTenants()).isEqualTo(3);
    assertThat(row.processedTenants()).isEqualTo(3);
    assertThat(row.counters().created()).isEqualTo(15);
    assertThat(fakes.runs().listRuns(MSP, 10)).hasSize(1);
    assertThat(fakes.runs().tenantResults(MSP, run.runId())).extracting(TenantSyncResult::status)
        .containsExactly(TenantRunStatus.COMPLETED, TenantRunStatus.COMPLETED, TenantRunStatus.COMPLETED);
    for (String tenant : List.of(T1, T2, T3)) {
      assertThat(gateway.listingsOf(EntraTenantId.of(tenant))).as("listings of %s", tenant).isEqualTo(1);
    }
    Payloads.RunResult result = env.getWorkflowClient().newUntypedWorkflowStub(run.workflowId())
        .getResult(Payloads.RunResult.class);
    assertThat(result.runId()).isEqualTo(run.runId());
    assertThat(result.tenants()).isEqualTo(3);
    assertThat(result.counters().created()).isEqualTo(15);
  }

  /** A fresh in-process server with the worker registered under {@code newConfig}. */
  private void restartWorker(EntraTemporalConfig newConfig) {
    env.close();
    env = TestWorkflowEnvironment.newInstance();
    config = newConfig;
    registerWorkers();
    env.start();
    launcher = new TemporalSyncLauncher(env.getWorkflowClient(), config);
  }

  /** The histories of a run's executions, first to last, following continue-as-new. */
  private List<WorkflowExecutionHistory> executionChain(LaunchedRun run) {
    List<WorkflowExecutionHistory> chain = new java.util.ArrayList<>();
    String runId = run.runId();
    while (runId != null) {
      WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(run.workflowId(), runId);
      chain.add(history);
      HistoryEvent last = history.getLastEvent();
      runId = last.hasWorkflowExecutionContinuedAsNewEventAttributes()
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
    }
    return chain;
  }
}
