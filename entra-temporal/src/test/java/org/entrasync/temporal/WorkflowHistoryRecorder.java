package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records one history per workflow type into {@code src/test/resources/histories}, for {@link
 * WorkflowReplayTest}. Run it only when a workflow changes on purpose (and then version the change):
 * {@code mvn -pl entra-temporal test -Dtest=WorkflowHistoryRecorder -Dentrasync.recordHistories=src/test/resources/histories}.
 */
@EnabledIfSystemProperty(named = "entrasync.recordHistories", matches = ".+")
class WorkflowHistoryRecorder {
  private static final MspTenantId MSP = MspTenantId.of("acme");
  private static final String T1 = "11111111-0000-4000-8000-000000000001";
  private static final String T2 = "22222222-0000-4000-8000-000000000002";

  @Test
  void recordOneHistoryPerWorkflowType() throws Exception {
    Path out = Path.of(System.getProperty("entrasync.recordHistories"));
    Files.createDirectories(out);
    InMemoryEntrasync fakes = twoTenants();
    fakes.connect(MSP, ConnectionType.DIRECT);

    EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-replay");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      TemporalSyncLauncher launcher = startWorker(env, config, fakes);
      WorkflowClient client = env.getWorkflowClient();

      record(client, out, "discovery", await(launcher, launcher.startDiscovery(MSP, "alice")));
      fakes.map(MSP, T1, "client-contoso");
      fakes.createNew(MSP, T2);
      record(client, out, "initial-sync", await(launcher, launcher.startSync(MSP, SyncKind.INITIAL, null, false, "alice")));
      record(client, out, "tenant-sync", WorkflowIds.tenant(MSP, EntraTenantId.of(T1)));
      record(client, out, "all-tenants-sync", await(launcher, launcher.startSync(MSP, SyncKind.ALL, null, false, "alice")));
      record(client, out, "scheduled-sync",
          await(launcher, launcher.startSync(MSP, SyncKind.SCHEDULED, null, false, ScheduleSpecFactory.SCHEDULE_ACTOR)));
      record(client, out, "client-sync",
          await(launcher, launcher.startSync(MSP, SyncKind.CLIENT, "client-contoso", false, "alice")));
    }
  }

  /**
   * A run that continues as new (window 1, history bound 15 events, two tenants): the first
   * execution, ending in continue-as-new, and the second, started from the continuation. Record only
   * these with {@code -Dtest='WorkflowHistoryRecorder#recordARunThatContinuesAsNew'} (the others are
   * kept as older code wrote them, so the replay test also checks that those still replay).
   */
  @Test
  void recordARunThatContinuesAsNew() throws Exception {
    Path out = Path.of(System.getProperty("entrasync.recordHistories"));
    Files.createDirectories(out);
    InMemoryEntrasync fakes = twoTenants();
    fakes.clients().add(MSP, "client-northwind", "Northwind", "https://northwind.example");
    fakes.connect(MSP, ConnectionType.DIRECT);
    fakes.discover(MSP);
    fakes.map(MSP, T1, "client-contoso");
    fakes.map(MSP, T2, "client-northwind");

    EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-replay").withFanOutWindow(1)
        .withMaxRunHistoryEvents(15);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      TemporalSyncLauncher launcher = startWorker(env, config, fakes);
      WorkflowClient client = env.getWorkflowClient();
      LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "alice");
      await(launcher, run);
      var first = client.fetchHistory(run.workflowId(), run.runId());
      var last = first.getLastEvent();
      assertThat(last.hasWorkflowExecutionContinuedAsNewEventAttributes()).as("the run continued as new").isTrue();
      Files.writeString(out.resolve("all-tenants-sync-continued-1.json"), first.toJson(true));
      String next = last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
      Files.writeString(out.resolve("all-tenants-sync-continued-2.json"),
          client.fetchHistory(run.workflowId(), next).toJson(true));
    }
  }

  /**
   * The tenant child of today's shape (one activity that syncs and records), recorded into {@code
   * tenant-sync-one-activity.json}; {@code tenant-sync.json} keeps the three-activity shape older code
   * wrote. Record only this with {@code -Dtest='WorkflowHistoryRecorder#recordTheTenantSyncAsOneActivity'}.
   */
  @Test
  void recordTheTenantSyncAsOneActivity() throws Exception {
    Path out = Path.of(System.getProperty("entrasync.recordHistories"));
    Files.createDirectories(out);
    InMemoryEntrasync fakes = twoTenants();
    fakes.connect(MSP, ConnectionType.DIRECT);
    fakes.discover(MSP);
    fakes.map(MSP, T1, "client-contoso");

    EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-replay");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      TemporalSyncLauncher launcher = startWorker(env, config, fakes);
      await(launcher, launcher.startSync(MSP, SyncKind.ALL, null, false, "alice"));
      record(env.getWorkflowClient(), out, "tenant-sync-one-activity", WorkflowIds.tenant(MSP, EntraTenantId.of(T1)));
    }
  }

  private static TemporalSyncLauncher startWorker(TestWorkflowEnvironment env, EntraTemporalConfig config,
      InMemoryEntrasync fakes) {
    EntraWorkers.register(env.getWorkerFactory(), InMemoryIntegration.build(fakes, env.getWorkflowClient(), config, 2,
        fakes.plugin()));
    env.start();
    return new TemporalSyncLauncher(env.getWorkflowClient(), config);
  }

  /** Contoso and Northwind with three users each, one client (Contoso's). */
  private static InMemoryEntrasync twoTenants() {
    InMemoryEntrasync fakes = InMemoryEntrasync.builder().pageSize(2).build();
    EmulatedTenant a = fakes.directory().addTenant(T1, "Contoso", "contoso.example");
    EmulatedTenant b = fakes.directory().addTenant(T2, "Northwind", "northwind.example");
    for (int i = 0; i < 3; i++) {
      a.upsert(EmulatedUser.member("11111111-0000-4000-8000-00000000010" + i, "a" + i + "@contoso.example", "A " + i));
      b.upsert(EmulatedUser.member("22222222-0000-4000-8000-00000000010" + i, "b" + i + "@northwind.example", "B " + i));
    }
    fakes.clients().add(MSP, "client-contoso", "Contoso", "https://contoso.example");
    return fakes;
  }

  private static String await(TemporalSyncLauncher launcher, LaunchedRun run) {
    assertThat(launcher.awaitCompletion(run, Duration.ofMinutes(1))).isPresent();
    return run.workflowId();
  }

  private static void record(WorkflowClient client, Path out, String name, String workflowId) throws Exception {
    String json = client.fetchHistory(workflowId).toJson(true);
    Files.writeString(out.resolve(name + ".json"), json);
    assertThat(Map.of(name, json.length())).allSatisfy((k, v) -> assertThat(v).isPositive());
  }
}
