package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.port.in.EntraIntegration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's own worker options reach the library's worker; its task queue stays the configured one. */
class EntraWorkersTest {
  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final InMemoryEntrasync fakes = InMemoryEntrasync.builder().build();
  private final EntraIntegration integration = InMemoryIntegration.build(fakes, env.getWorkflowClient(),
      EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-options"), 2, fakes.plugin(fakes.directGateway()));

  @AfterEach
  void close() {
    integration.close();
    env.close();
  }

  @Test
  void theWorkerRunsWithTheHostsOptionsOnTheConfiguredTaskQueue() {
    WorkerOptions options = WorkerOptions.newBuilder()
        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
        .setMaxConcurrentActivityExecutionSize(7)
        .build();

    Worker worker = EntraWorkers.register(env.getWorkerFactory(), integration, options);

    assertThat(worker.getTaskQueue()).isEqualTo("entrasync-options");
    assertThat(worker.getWorkerOptions().getStickyQueueScheduleToStartTimeout()).isEqualTo(Duration.ZERO);
    assertThat(worker.getWorkerOptions().getMaxConcurrentActivityExecutionSize()).isEqualTo(7);
  }

  @Test
  void withoutOptionsTheWorkerRunsWithTemporalsDefaults() {
    Worker worker = EntraWorkers.register(env.getWorkerFactory(), integration);

    assertThat(worker.getTaskQueue()).isEqualTo("entrasync-options");
    // Temporal's default: sticky execution on, a task waits 5 s on the worker's own queue
    assertThat(worker.getWorkerOptions().getStickyQueueScheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void optionsAreRequired() {
    assertThatNullPointerException()
        .isThrownBy(() -> EntraWorkers.register(env.getWorkerFactory(), integration, null))
        .withMessageContaining("options");
  }
}
