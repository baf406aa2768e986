package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
  private WorkflowServiceStubs stubs;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger listCalls = new AtomicInteger();
  /** The gRPC method the frontend fails, and how. */
  private volatile String failing = "ListOpenWorkflowExecutions";
  private volatile Status failure = Status.UNKNOWN.withDescription("Application error processing RPC");
  private TemporalSyncLauncher launcher;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    ClientInterceptor failingLists = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (!method.getBareMethodName().equals(failing)) {
          return next.newCall(method, options);
        }
        listCalls.incrementAndGet();
        if (failuresLeft.getAndDecrement() <= 0) {
          return next.newCall(method, options);
        }
        return new ClientCall<>() {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(failure, new Metadata());
          }

          @Override
          public void request(int count) {}

          @Override
          public void cancel(String message, Throwable cause) {}

          @Override
          public void halfClose() {}

          @Override
          public void sendMessage(Q message) {}
        };
      }
    };
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setChannel(env.getWorkflowServiceStubs().getRawChannel())
        .setGrpcClientInterceptors(List.of(failingLists))
        // the client's own retries of an unavailable frontend, cut from a minute to a moment
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(1))
            .setInitialInterval(Duration.ofMillis(50)).setMaximumInterval(Duration.ofMillis(200)).build())
        .build());
    WorkflowClient client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).build());
    this.client = client;
    launcher = new TemporalSyncLauncher(client, EntraTemporalConfig.DEFAULTS);
  }

  @AfterEach
  void stop() {
    stubs.shutdownNow();
    env.close();
  }

  @Test
  void aListingThatFailsOnceIsTriedAgain() {
    failuresLeft.set(1);

    assertThat(launcher.runningWorkflowIds(MSP)).isEmpty();
    assertThat(launcher.cancelRunning(MSP)).isZero();
    assertThat(listCalls.get()).as("the failed call and its retry, then one per workflow type").isGreaterThan(2);
  }

  @Test
  void aListingThatKeepsFailingIsTheLibrarysRetryableError() {
    failuresLeft.set(Integer.MAX_VALUE);

    assertThatThrownBy(() -> launcher.cancelRunning(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("Temporal")
        .hasMessageContaining("try again");
    assertThat(listCalls.get()).as("tried more than once").isGreaterThan(1);
  }

  @Test
  void aStartTheFrontendCouldNotServeOnceSucceedsThroughTheClientsRetry() {
    failing = "StartWorkflowExecution";
    failure = Status.UNAVAILABLE.withDescription("frontend restarting");
    failuresLeft.set(1);

    LaunchedRun run = launcher.startSync(MSP, SyncKind.ALL, null, false, "admin");

    assertThat(run.alreadyRunning()).isFalse();
    assertThat(launcher.runningWorkflowIds(MSP)).containsExactly(run.workflowId());
  }

  @Test
  void aStartTheFrontendKeepsFailingIsTheLibrarysRetryableErrorAndARefusedOneItsRejection() {
    failing = "StartWorkflowExecution";
    failure = Status.UNAVAILABLE.withDescription("frontend down");
    failuresLeft.set(Integer.MAX_VALUE);
    assertThatThrownBy(() -> launcher.startSync(MSP, SyncKind.ALL, null, false, "admin"))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("Temporal could not serve starting workflow")
        .hasMessageContaining("try again");

    failure = Status.PERMISSION_DENIED.withDescription("not allowed in this namespace");
    assertThatThrownBy(() -> launcher.startDiscovery(MSP, "admin"))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("Temporal refused starting workflow")
        .hasMessageContaining("namespace");
  }

  @Test
  void aCancelTheFrontendCannotServeIsTheLibrarysRetryableError() {
    launcher.startSync(MSP, SyncKind.ALL, null, false, "admin"); // no worker: it stays open
    failing = "RequestCancelWorkflowExecution";
    failure = Status.UNAVAILABLE.withDescription("frontend down");
    failuresLeft.set(Integer.MAX_VALUE);

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
