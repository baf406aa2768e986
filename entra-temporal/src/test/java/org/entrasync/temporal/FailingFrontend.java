package org.entrasync.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Service stubs onto a test server whose frontend fails one chosen gRPC method, a given number of
 * times, with a given status (as a real frontend does while it restarts, is overloaded or refuses);
 * the client's own retries of an unavailable frontend are cut from a minute to a moment.
 */
final class FailingFrontend {
  /** The gRPC method to fail ({@code ListOpenWorkflowExecutions}, {@code DeleteSchedule}, ...). */
  volatile String method;
  volatile Status failure;
  final AtomicInteger failuresLeft = new AtomicInteger();
  /** Calls of {@link #method}, failed or not. */
  final AtomicInteger calls = new AtomicInteger();
  final WorkflowServiceStubs stubs;

  FailingFrontend(TestWorkflowEnvironment env, String method, Status failure) {
    this.method = method;
    this.failure = failure;
    ClientInterceptor failing = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> called, CallOptions options, Channel next) {
        if (!called.getBareMethodName().equals(FailingFrontend.this.method)) {
          return next.newCall(called, options);
        }
        calls.incrementAndGet();
        if (failuresLeft.getAndDecrement() <= 0) {
          return next.newCall(called, options);
        }
        Status status = FailingFrontend.this.failure;
        return new ClientCall<>() {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(status, new Metadata());
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
        .setGrpcClientInterceptors(List.of(failing))
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(1))
            .setInitialInterval(Duration.ofMillis(50)).setMaximumInterval(Duration.ofMillis(200)).build())
        .build());
  }

  /** Fails the next {@code count} calls of {@code method} with {@code status}. */
  FailingFrontend fail(String method, Status status, int count) {
    this.method = method;
    this.failure = status;
    failuresLeft.set(count);
    return this;
  }
}
