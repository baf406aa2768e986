package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches a host when Temporal's frontend fails a launcher call: never a raw gRPC or client
 * exception. A listing of the MSP's open workflows (to cancel or report them) that fails for a moment
 * is tried again (the in-process test server once answered it with "UNKNOWN: Application error
 * processing RPC" while workflows changed state); a start or cancel the frontend cannot serve, once the
 * client's own retries are spent, is the library's retryable error; a refused one its rejection; a
 * run ended in Temporal without finishing (terminated) is a failed run.
 */
class LauncherTransientFailureTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-transient");

  private TestWorkflowEnvironment env;
  private FailingFrontend frontend;
  private TemporalSyncLauncher launcher;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    frontend = new FailingFrontend(env, "ListOpenWorkflowExecutions",
        Status.UNKNOWN.withDescription("Application error processing RPC"));
    WorkflowServiceStubs stubs = frontend.stubs;
    client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).build());
    launcher = new TemporalSyncLauncher(client, EntraTemporalConfig.DEFAULTS);
  }

  @AfterEach
  void stop() {
    frontend.stubs.shutdownNow();
    env.close();
  }

  @Test
  void aListingThatFailsOnceIsTriedAgain() {
    frontend.failuresLeft.set(1);

    assertThat(launcher.runningWorkflowIds(MSP)).isEmpty();
    assertThat(launcher.cancelRunning(MSP)).isZero();
    assertThat(frontend.calls.get()).as("the failed call and its retry, then one per workflow type").isGreaterThan(2);
  }

  @Test
  void aListingThatKeepsFailingIsTheLibrarysRetryableError() {
    frontend.failuresLeft.set(Integer.MAX_VALUE);

    assertThatThrownBy(() -> launcher.cancelRunning(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("Temporal")
        .hasMessageContaining("try again");
    assertThat(frontend.calls.get()).as("tried more than once").isGreaterThan(1);
  }

  @Test
  void aStartTheFrontendCouldNotServeOnceSucceedsThroughTheClientsRetry() {
    frontend.fail("StartWorkflowExecution", Status.UNAVAILABLE.withDescription("frontend restarting"), 1);

    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "admin");

    assertThat(run.alreadyRunning()).isFalse();
    assertThat(launcher.runningWorkflowIds(MSP)).containsExactly(run.workflowId());
  }

  @Test
  void aStartTheFrontendKeepsFailingIsTheLibrarysRetryableErrorAndARefusedOneItsRejection() {
    frontend.fail("StartWorkflowExecution", Status.UNAVAILABLE.withDescription("frontend down"), Integer.MAX_VALUE);
    assertThatThrownBy(() -> launcher.startSync(MSP, SyncKind.ALL, null, false, "admin"))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("Temporal could not serve starting workflow")
        .hasMessageContaining("try again");

    frontend.failure = Status.PERMISSION_DENIED.withDescription("not allowed in this namespace");
    assertThatThrownBy(() -> launcher.startDiscovery(MSP, "admin"))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("Temporal refused starting workflow")
        .hasMessageContaining("namespace");
  }

  @Test
  void aCancelTheFrontendCannotServeIsTheLibrarysRetryableError() {
    launcher.startSync(MSP, SyncKind.ALL, null, false, "admin"); // no worker: it stays open
    frontend.fail("RequestCancelWorkflowExecution", Status.UNAVAILABLE.withDescription("frontend down"), Integer.MAX_VALUE);

    assertThatThrownBy(() -> launcher.cancelRunning(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("cancelling workflow");
  }

  @Test
  void aRunEndedInTemporalWithoutFinishingIsAFailedRunNotARawException() {
    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "admin"); // no worker: it stays open
    client.newUntypedWorkflowStub(run.workflowId(), Optional.of(run.runId()), Optional.empty())
        .terminate("an operator ended it in the Temporal UI");

    assertThat(launcher.awaitCompletion(run, Duration.ofSeconds(5))).contains(RunStatus.FAILED);
  }
}
