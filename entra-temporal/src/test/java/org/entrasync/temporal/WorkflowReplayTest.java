package org.entrasync.temporal;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded histories of every workflow type against today's workflow code: a change that
 * would break running workflows (non-determinism) fails the build here. Histories are recorded by
 * {@link WorkflowHistoryRecorder}. The continued-run histories were recorded with a window of 1 and a
 * history bound of 15 events and replay here on a worker with the defaults: a run replays with the
 * settings it recorded, whatever the worker is configured with now.
 */
class WorkflowReplayTest {
  private static TestWorkflowEnvironment env;
  private static Worker worker;

  @BeforeAll
  static void registerWorkflows() {
    env = TestWorkflowEnvironment.newInstance();
    InMemoryEntrasync fakes = InMemoryEntrasync.create();
    worker = EntraWorkers.register(env.getWorkerFactory(), InMemoryIntegration.build(fakes, env.getWorkflowClient(),
        EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-replay"), 999, fakes.plugin()));
  }

  @AfterAll
  static void close() {
    env.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"discovery", "initial-sync", "tenant-sync", "all-tenants-sync", "scheduled-sync", "client-sync",
      "all-tenants-sync-continued-1", "all-tenants-sync-continued-2",
      "tenant-sync-one-activity"})
  void recordedHistoryReplays(String name) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + name + ".json", worker);
  }
}
