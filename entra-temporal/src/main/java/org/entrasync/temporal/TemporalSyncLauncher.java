package org.entrasync.temporal;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import com.google.protobuf.ByteString;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.ErrorCode;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.internal.LibraryFailures;
import org.entrasync.temporal.internal.Payloads;
import org.entrasync.temporal.internal.Workflows;

/**
 * Starts the library's workflows under their deterministic ids. A start while a workflow with the
 * same id runs joins it (the existing run is returned with {@code alreadyRunning = true}); that is
 * the "use existing" conflict policy, spelled out so the caller learns it joined.
 */
public final class TemporalSyncLauncher implements SyncLauncher {
  private final WorkflowClient client;
  private final EntraTemporalConfig config;

  public TemporalSyncLauncher(WorkflowClient client, EntraTemporalConfig config) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy) {
    String workflowId = WorkflowIds.forSync(msp, kind, clientId, dryRun);
    Class<? extends Workflows.SyncRun> type = workflowType(kind);
    WorkflowStub stub = client.newUntypedWorkflowStub(type.getSimpleName(), options(workflowId));
    Payloads.RunInput input = new Payloads.RunInput(msp.value(), kind.wireName(), clientId, dryRun, initiatedBy);
    return start(stub, workflowId, input);
  }

  @Override
  public LaunchedRun startDiscovery(MspTenantId msp, String initiatedBy) {
    String workflowId = WorkflowIds.discovery(msp);
    WorkflowStub stub = client.newUntypedWorkflowStub(Workflows.DiscoveryWorkflow.class.getSimpleName(), options(workflowId));
    return start(stub, workflowId, new Payloads.DiscoveryInput(msp.value(), initiatedBy));
  }

  @Override
  public boolean belongsTo(LaunchedRun run, MspTenantId msp) {
    return run.workflowId().startsWith(WorkflowIds.prefix(msp));
  }

  @Override
  public Optional<RunStatus> awaitCompletion(LaunchedRun run, Duration timeout) {
    WorkflowStub stub = client.newUntypedWorkflowStub(run.workflowId(), Optional.of(run.runId()), Optional.empty());
    try {
      Object result = temporal("waiting for workflow " + run.workflowId(),
          () -> stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Object.class));
      if (result instanceof java.util.Map<?, ?> map && map.get("status") instanceof String status) {
        return Optional.of(WireNamed.fromWire(RunStatus.class, status));
      }
      return Optional.of(RunStatus.COMPLETED); // discovery returns a tenant count
    } catch (TimeoutException e) {
      Optional<String> noWorker = noWorker(run.workflowId(), run.runId());
      if (noWorker.isPresent()) {
        throw new EntraUnavailableException(ErrorCode.NO_WORKER, noWorker.get(), null, null);
      }
      return Optional.empty();
    } catch (WorkflowFailedException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CanceledFailure || cause instanceof TerminatedFailure || cause instanceof TimeoutFailure) {
        // stopped by cancelRunning (the run row says why), or ended in Temporal without finishing: terminated or
        // timed out there (the facade closes a run row left open)
        return Optional.of(RunStatus.FAILED);
      }
      // failed as a whole with its activity's failure (a discovery: a sync run absorbs its tenants' failures):
      // the host gets the library exception it failed with
      throw LibraryFailures.rebuilt(e).orElseGet(() -> new EntraRejectedException("Workflow " + run.workflowId()
          + " failed in Temporal: " + e.getMessage() + ". Its history in Temporal's UI says where.", e));
    } catch (WorkflowNotFoundException e) {
      throw new EntraRejectedException("Temporal does not know run " + run.runId() + " of workflow " + run.workflowId()
          + " (its history may be past the namespace's retention). The run's record in the database is what remains:"
          + " read it with run(actor, runId).", e);
    }
  }

  /** A call of the Temporal client; only a wait for a result can time out. */
  @FunctionalInterface
  private interface TemporalCall<T> {
    T call() throws TimeoutException;
  }

  /**
   * One call of the Temporal client. A frontend that cannot serve it for the moment is the library's
   * retryable error, any other refusal of the call the library's rejection; both name Temporal and
   * what to check (a raw gRPC or client exception never reaches the host).
   */
  private static <T> T temporal(String what, TemporalCall<T> call) throws TimeoutException {
    try {
      return call.call();
    } catch (WorkflowServiceException | StatusRuntimeException e) {
      throw libraryError(what, e);
    }
  }

  private static RuntimeException libraryError(String what, RuntimeException failure) {
    Throwable cause = failure instanceof WorkflowServiceException ? failure.getCause() : failure;
    Status.Code code = cause instanceof StatusRuntimeException grpc ? grpc.getStatus().getCode() : Status.Code.UNKNOWN;
    return TRANSIENT.contains(code)
        ? new EntraUnavailableException("Temporal could not serve " + what + " (" + code + "); try again shortly. If it"
            + " persists, check that the Temporal frontend is reachable.", failure)
        : new EntraRejectedException("Temporal refused " + what + " (" + code + "). Check the library's Temporal"
            + " configuration: namespace, task queue, credentials.", failure);
  }

  /**
   * Finds the MSP tenant's open runs and discovery by type (their ids all start with {@link
   * WorkflowIds#prefix}) and requests their cancellation; each run cancels its per-tenant children. A
   * run records each stopped tenant and itself as failed, naming the disconnect, before it ends.
   */
  @Override
  public int cancelRunning(MspTenantId msp) {
    int cancelled = 0;
    // Only the runs and discovery: a run's per-tenant children are cancelled by their parent (asking
    // them twice makes them cancel one activity twice, which Temporal refuses).
    for (WorkflowExecution execution : running(msp, TOP_LEVEL)) {
      try {
        WorkflowStub stub = client.newUntypedWorkflowStub(execution.getWorkflowId(), Optional.of(execution.getRunId()),
            Optional.empty());
        unchecked(() -> temporal("cancelling workflow " + execution.getWorkflowId(), () -> {
          stub.cancel();
          return null;
        }));
        cancelled++;
      } catch (WorkflowNotFoundException finishedMeanwhile) {
        // nothing left to stop
      }
    }
    return cancelled;
  }

  @Override
  public Optional<Unfinished> unfinishedDiscovery(MspTenantId msp) {
    String id = WorkflowIds.discovery(msp);
    for (WorkflowExecutionInfo info : openExecutionInfos(Workflows.DiscoveryWorkflow.class.getSimpleName())) {
      if (info.getExecution().getWorkflowId().equals(id)) {
        Instant startedAt = Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos());
        return Optional.of(new Unfinished(startedAt, noWorker(id, info.getExecution().getRunId()).orElse(null)));
      }
    }
    return Optional.empty();
  }

  /**
   * Why no worker takes a workflow up, or empty while one can. The server tells which workers poll
   * the task queue ({@code DescribeTaskQueue}); a server that cannot tell (the in-process test
   * server) is read from the workflow's history instead: a workflow no worker ever started a task of.
   */
  private Optional<String> noWorker(String workflowId, String runId) {
    String remedy = " Start the library's workers in a running process of the host: EntraWorkers.register(workerFactory,"
        + " entra), then workerFactory.start(); the work waits for them and is not lost.";
    try {
      DescribeTaskQueueResponse described = client.getWorkflowServiceStubs().blockingStub()
          .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setTaskQueue(TaskQueue.newBuilder().setName(config.taskQueue()))
              .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
              .build());
      return described.getPollersCount() > 0 ? Optional.empty()
          : Optional.of("No worker is polling the task queue '" + config.taskQueue() + "'." + remedy);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        return Optional.empty(); // cannot tell: the caller waits as before
      }
    }
    boolean taken;
    try {
      taken = client.fetchHistory(workflowId, runId).getEvents().stream()
          .anyMatch(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    } catch (WorkflowServiceException | StatusRuntimeException e) {
      return Optional.empty(); // cannot tell: the caller waits as before
    }
    return taken ? Optional.empty()
        : Optional.of("No worker has taken this work up: none polls the task queue '" + config.taskQueue() + "'." + remedy);
  }

  @Override
  public Optional<Set<String>> openWorkflowIds(MspTenantId msp) {
    Set<String> ids = new java.util.HashSet<>();
    running(msp, TOP_LEVEL).forEach(execution -> ids.add(execution.getWorkflowId()));
    return Optional.of(ids);
  }

  /** The ids of the MSP tenant's workflows still running (syncs, their per-tenant children, discovery). */
  public List<String> runningWorkflowIds(MspTenantId msp) {
    List<Class<?>> all = new ArrayList<>(TOP_LEVEL);
    all.add(Workflows.TenantSyncWorkflow.class);
    return running(msp, all).stream().map(WorkflowExecution::getWorkflowId).sorted().toList();
  }

  /** The workflow types an operator or the schedule starts (the per-tenant children are started by them). */
  private static final List<Class<?>> TOP_LEVEL = List.of(Workflows.InitialSyncWorkflow.class,
      Workflows.AllTenantsSyncWorkflow.class, Workflows.ClientSyncWorkflow.class, Workflows.DiscoveryWorkflow.class);

  private List<WorkflowExecution> running(MspTenantId msp, List<Class<?>> types) {
    String prefix = WorkflowIds.prefix(msp);
    java.util.Map<String, WorkflowExecution> running = new java.util.LinkedHashMap<>(); // one entry per run
    for (Class<?> type : types) {
      for (WorkflowExecution execution : openExecutions(type.getSimpleName())) {
        if (execution.getWorkflowId().startsWith(prefix)) {
          running.putIfAbsent(execution.getRunId(), execution);
        }
      }
    }
    return new ArrayList<>(running.values());
  }

  private List<WorkflowExecution> openExecutions(String workflowType) {
    return openExecutionInfos(workflowType).stream().map(WorkflowExecutionInfo::getExecution).toList();
  }

  /**
   * The open workflows of one type. A frontend that fails the listing for a moment (unavailable,
   * overloaded, or an internal error while workflows change state) is asked again, briefly; a
   * failure that lasts is the library's retryable error, naming Temporal.
   */
  private List<WorkflowExecutionInfo> openExecutionInfos(String workflowType) {
    return LIST_RETRY.call("listing the open " + workflowType + " workflows", () -> {
      try {
        List<WorkflowExecutionInfo> executions = new ArrayList<>();
        ByteString page = ByteString.EMPTY;
        do {
          ListOpenWorkflowExecutionsResponse response = client.getWorkflowServiceStubs().blockingStub()
              .listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(workflowType))
                  .setMaximumPageSize(1000)
                  .setNextPageToken(page)
                  .build());
          executions.addAll(response.getExecutionsList());
          page = response.getNextPageToken();
        } while (!page.isEmpty());
        return executions;
      } catch (StatusRuntimeException e) {
        throw libraryError("the listing of the running " + workflowType + " workflows", e);
      }
    });
  }

  /** gRPC codes of a listing that a moment later may well succeed. */
  private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
      Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED,
      Status.Code.ABORTED);

  /** Three attempts within a few seconds: the caller (an operator's cancel, a disconnect) waits on it. */
  private static final UpstreamRetry LIST_RETRY = new UpstreamRetry(UpstreamRetryPolicy.INTERACTIVE.withMaxAttempts(3)
      .withWaits(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)));

  static Class<? extends Workflows.SyncRun> workflowType(SyncKind kind) {
    switch (kind) {
      case INITIAL:
        return Workflows.InitialSyncWorkflow.class;
      case ALL:
      case SCHEDULED:
        return Workflows.AllTenantsSyncWorkflow.class;
      case CLIENT:
        return Workflows.ClientSyncWorkflow.class;
      default:
        throw new IllegalArgumentException("Unknown sync kind " + kind);
    }
  }

  private WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(config.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /**
   * Starts the workflow, or joins the one in flight under its id. (The Temporal client itself retries a
   * frontend that is unavailable, within its RPC retry options; what still fails is the library's error.)
   */
  private static LaunchedRun start(WorkflowStub stub, String workflowId, Object input) {
    try {
      WorkflowExecution execution = unchecked(() -> temporal("starting workflow " + workflowId, () -> stub.start(input)));
      return new LaunchedRun(workflowId, execution.getRunId(), false);
    } catch (WorkflowExecutionAlreadyStarted running) {
      return new LaunchedRun(workflowId, running.getExecution().getRunId(), true);
    }
  }

  /** A call that cannot time out. */
  private static <T> T unchecked(TemporalCall<T> call) {
    try {
      return call.call();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Only a wait for a workflow's result times out", e);
    }
  }
}
