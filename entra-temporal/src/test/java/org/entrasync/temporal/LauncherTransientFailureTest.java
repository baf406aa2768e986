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
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher lists the MSP's open workflows to cancel or report them. A Temporal frontend can
 * fail such a call for a moment (the in-process test server once answered it with "UNKNOWN:
 * Application error processing RPC" while workflows changed state): the launcher tries again, and
 * a failure that lasts reaches the caller as the library's retryable error, not a raw gRPC one.
 */
class LauncherTransientFailureTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-transient");

  private TestWorkflowEnvironment env;
  private WorkflowServiceStubs stubs;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger listCalls = new AtomicInteger();
  private TemporalSyncLauncher launcher;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    ClientInterceptor failingLists = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (!method.getBareMethodName().equals("ListOpenWorkflowExecutions")) {
          return next.newCall(method, options);
        }
        listCalls.incrementAndGet();
        if (failuresLeft.getAndDecrement() <= 0) {
          return next.newCall(method, options);
        }
        return new ClientCall<>() {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(Status.UNKNOWN.withDescription("Application error processing RPC"), new Metadata());
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
        .build());
    WorkflowClient client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).build());
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
}
