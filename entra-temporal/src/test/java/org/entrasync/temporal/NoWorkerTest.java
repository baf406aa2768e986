package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.port.out.SyncLauncher.Unfinished;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.ErrorCode;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run no worker takes up is said to be so (NO_WORKER, with the remedy), not returned as "still
 * running" for ever; the in-process test server cannot describe a task queue, so this reads the
 * history path.
 */
class NoWorkerTest {
  static final MspTenantId MSP = MspTenantId.of("msp-no-worker");

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-nobody-polls");
  private final TemporalSyncLauncher launcher = new TemporalSyncLauncher(env.getWorkflowClient(), config);

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void awaitingARunNoWorkerTakesUpSaysNoWorkerIsPolling() {
    env.start(); // a server, and no worker registered on the task queue
    LaunchedRun discovery = launcher.startDiscovery(MSP, "alice");

    EntraUnavailableException e = catchThrowableOfType(
        () -> launcher.awaitCompletion(discovery, Duration.ofMillis(300)), EntraUnavailableException.class);

    assertThat(e.code()).isEqualTo(ErrorCode.NO_WORKER);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("entrasync-nobody-polls").contains("EntraWorkers.register")
        .contains("workerFactory.start()");
  }

  @Test
  void theUnfinishedDiscoveryTellsWhenItStartedAndThatNoWorkerTakesItUp() {
    env.start();
    assertThat(launcher.unfinishedDiscovery(MSP)).isEmpty();

    launcher.startDiscovery(MSP, "alice");

    Unfinished unfinished = launcher.unfinishedDiscovery(MSP).orElseThrow();
    assertThat(unfinished.startedAt()).isNotNull();
    assertThat(unfinished.noWorker()).contains("No worker has taken this work up");
    assertThat(launcher.unfinishedDiscovery(MspTenantId.of("msp-other"))).isEmpty();
  }
}
