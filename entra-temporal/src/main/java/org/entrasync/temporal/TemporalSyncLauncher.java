package org.entrasync.temporal;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.spi.MspTenantId;
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
      Object result = stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Object.class);
      if (result instanceof java.util.Map<?, ?> map && map.get("status") instanceof String status) {
        return Optional.of(WireNamed.fromWire(RunStatus.class, status));
      }
      return Optional.of(RunStatus.COMPLETED); // discovery returns a tenant count
    } catch (TimeoutException e) {
      return Optional.empty();
    }
  }

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

  private static LaunchedRun start(WorkflowStub stub, String workflowId, Object input) {
    try {
      WorkflowExecution execution = stub.start(input);
      return new LaunchedRun(workflowId, execution.getRunId(), false);
    } catch (WorkflowExecutionAlreadyStarted running) {
      return new LaunchedRun(workflowId, running.getExecution().getRunId(), true);
    }
  }
}
