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

  @Test
  void recordOneHistoryPerWorkflowType() throws Exception {
    Path out = Path.of(System.getProperty("entrasync.recordHistories"));
    Files.createDirectories(out);
    InMemoryEntrasync fakes = InMemoryEntrasync.builder().pageSize(2).build();
    String t1 = "11111111-0000-4000-8000-000000000001";
    String t2 = "22222222-0000-4000-8000-000000000002";
    EmulatedTenant a = fakes.directory().addTenant(t1, "Contoso", "contoso.example");
    EmulatedTenant b = fakes.directory().addTenant(t2, "Northwind", "northwind.example");
    for (int i = 0; i < 3; i++) {
      a.upsert(EmulatedUser.member("11111111-0000-4000-8000-00000000010" + i, "a" + i + "@contoso.example", "A " + i));
      b.upsert(EmulatedUser.member("22222222-0000-4000-8000-00000000010" + i, "b" + i + "@northwind.example", "B " + i));
    }
    fakes.clients().add(MSP, "client-contoso", "Contoso", "https://contoso.example");
    fakes.connect(MSP, ConnectionType.DIRECT);

    EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-replay");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      EntraWorkers.register(env.getWorkerFactory(), InMemoryIntegration.build(fakes, env.getWorkflowClient(), config, 2,
          fakes.plugin()));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      TemporalSyncLauncher launcher = new TemporalSyncLauncher(client, config);

      record(client, out, "discovery", await(launcher, launcher.startDiscovery(MSP, "alice")));
      fakes.map(MSP, t1, "client-contoso");
      fakes.createNew(MSP, t2);
      record(client, out, "initial-sync", await(launcher, launcher.startSync(MSP, SyncKind.INITIAL, null, false, "alice")));
      record(client, out, "tenant-sync", WorkflowIds.tenant(MSP, EntraTenantId.of(t1)));
      record(client, out, "all-tenants-sync", await(launcher, launcher.startSync(MSP, SyncKind.ALL, null, false, "alice")));
      record(client, out, "scheduled-sync",
          await(launcher, launcher.startSync(MSP, SyncKind.SCHEDULED, null, false, ScheduleSpecFactory.SCHEDULE_ACTOR)));
      record(client, out, "client-sync",
          await(launcher, launcher.startSync(MSP, SyncKind.CLIENT, "client-contoso", false, "alice")));
    }
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
