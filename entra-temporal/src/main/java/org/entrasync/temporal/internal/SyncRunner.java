package org.entrasync.temporal.internal;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.EntraTemporalConfig;
import org.entrasync.temporal.WorkflowIds;

/**
 * The parent logic every sync path shares: open the run, fan the tenants out to per-tenant child
 * workflows in a sliding window, record each child's outcome on its own (one tenant's failure never
 * stops the others), then close the run. Deterministic: only Temporal APIs, no clock, no I/O.
 */
final class SyncRunner {
  private final EntraTemporalConfig config;
  private final EntraActivities activities;
  private Payloads.RunProgress progress = new Payloads.RunProgress(null, 0, 0, Payloads.Counters.ZERO);

  SyncRunner(EntraTemporalConfig config) {
    this.config = config;
    this.activities = ActivityStubs.bookkeeping(config);
  }

  Payloads.RunProgress progress() {
    return progress;
  }

  /** What a run stopped by {@code cancelRunning} records as its error. */
  static final String CANCELLED = "Cancelled because the connection was disconnected or switched while the run was in"
      + " flight; connect again and start a new sync.";

  Payloads.RunResult run(Payloads.RunInput in) {
    // A continued execution keeps the run id of the first: the run's rows and the caller's handle use it.
    String runId = in.continued() == null ? Workflow.getInfo().getRunId() : in.continued().runId();
    try {
      return runTenants(in, runId);
    } catch (TemporalFailure failure) {
      if (!CancellationScope.current().isCancelRequested()) {
        throw failure;
      }
      // Stopped by cancelRunning (a disconnect or switch): whatever the cancellation interrupted (a child,
      // a bookkeeping call), still record the run's end, in a scope the cancellation does not reach.
      Workflow.newDetachedCancellationScope(() -> {
        try {
          activities.finishRun(in.msp(), runId, CANCELLED);
        } catch (ActivityFailure notBegun) {
          // cancelled before the run was opened: there is no run to close
        }
      }).run();
      throw new CanceledFailure(CANCELLED);
    }
  }

  private Payloads.RunResult runTenants(Payloads.RunInput in, String runId) {
    Payloads.RunSettings settings = settings();
    List<Payloads.Target> targets;
    if (in.continued() == null) {
      targets = activities.beginRun(new Payloads.BeginRunInput(in.msp(), runId,
          Workflow.getInfo().getWorkflowId(), in.kind(), in.clientId(), in.dryRun(), in.initiatedBy()));
      progress = new Payloads.RunProgress(runId, targets.size(), 0, Payloads.Counters.ZERO);
    } else {
      targets = in.continued().remaining();
      progress = in.continued().progress();
    }

    List<InFlight> inFlight = new ArrayList<>();
    for (int next = 0; next < targets.size(); next++) {
      while (inFlight.size() >= settings.fanOutWindow()) {
        Promise.anyOf(promises(inFlight)).get();
        collectFinished(inFlight, in, runId);
      }
      if (next > 0 && historyFull(settings)) {
        // Let the children in flight finish (closing this execution would cancel them), then go on
        // in a fresh history with what is left.
        awaitAll(inFlight, in, runId);
        Workflow.continueAsNew(in.continuing(new Payloads.Continuation(runId, progress,
            List.copyOf(targets.subList(next, targets.size())))));
      }
      inFlight.add(start(in, runId, targets.get(next)));
    }
    awaitAll(inFlight, in, runId);
    String status = activities.finishRun(in.msp(), runId, null);
    return new Payloads.RunResult(runId, status, progress.totalTenants(), progress.counters());
  }

  /**
   * Whether this execution's history is long enough to continue as new: the configured bound or the
   * server's suggestion (both read from the workflow task, so a replay decides the same).
   */
  private static boolean historyFull(Payloads.RunSettings settings) {
    return Workflow.getInfo().getHistoryLength() >= settings.maxRunHistoryEvents()
        || settings.maxRunHistoryEvents() < Integer.MAX_VALUE && Workflow.getInfo().isContinueAsNewSuggested();
  }

  /**
   * The window and history bound this execution runs with, recorded in its history: a worker
   * restarted with other settings replays a run in flight as it ran (starting more children than
   * the history holds would be non-deterministic). Histories from before the settings were recorded
   * replay with the configured window and never continued as new.
   */
  private Payloads.RunSettings settings() {
    if (Workflow.getVersion(RUN_SETTINGS, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return new Payloads.RunSettings(config.fanOutWindow(), Integer.MAX_VALUE);
    }
    return Workflow.sideEffect(Payloads.RunSettings.class,
        () -> new Payloads.RunSettings(config.fanOutWindow(), config.maxRunHistoryEvents()));
  }

  /** The change id under which the run records its settings (version 1: recorded, continues as new). */
  static final String RUN_SETTINGS = "run-settings";

  private void awaitAll(List<InFlight> inFlight, Payloads.RunInput in, String runId) {
    while (!inFlight.isEmpty()) {
      Promise.anyOf(promises(inFlight)).get();
      collectFinished(inFlight, in, runId);
    }
  }

  private InFlight start(Payloads.RunInput in, String runId, Payloads.Target target) {
    MspTenantId msp = MspTenantId.of(in.msp());
    EntraTenantId tenantId = EntraTenantId.of(target.tenantId());
    String childId = in.dryRun() ? WorkflowIds.tenantDryRun(msp, tenantId) : WorkflowIds.tenant(msp, tenantId);
    Workflows.TenantSyncWorkflow child = Workflow.newChildWorkflowStub(Workflows.TenantSyncWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(childId)
            .setTaskQueue(config.taskQueue())
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .build());
    String priority = TenantSyncCommand.priorityOf(WireNamed.fromWire(SyncKind.class, in.kind())).name();
    Payloads.TenantInput input = new Payloads.TenantInput(in.msp(), runId, target.tenantId(), target.clientId(), in.dryRun(),
        priority);
    Promise<Outcome> promise = Async.function(child::sync, input)
        .handle((result, failure) -> failure == null ? new Outcome(result, null) : new Outcome(null, failure));
    return new InFlight(input, promise);
  }

  private void collectFinished(List<InFlight> inFlight, Payloads.RunInput in, String runId) {
    Iterator<InFlight> it = inFlight.iterator();
    while (it.hasNext()) {
      InFlight flight = it.next();
      if (!flight.promise.isCompleted()) {
        continue;
      }
      it.remove();
      Outcome outcome = flight.promise.get();
      Payloads.TenantResult result = outcome.result;
      if (result == null) {
        // The child never ran its own bookkeeping: it was refused (tenant already syncing) or died.
        result = failedChild(flight.input, outcome.failure);
        activities.tenantFinished(flight.input, result);
      }
      Payloads.Counters counters = result.counters() == null ? Payloads.Counters.ZERO : result.counters();
      progress = new Payloads.RunProgress(runId, progress.totalTenants(), progress.processedTenants() + 1,
          progress.counters().plus(counters));
    }
  }

  private static Payloads.TenantResult failedChild(Payloads.TenantInput input, RuntimeException failure) {
    if (isAlreadyRunning(failure)) {
      return new Payloads.TenantResult(input.tenantId(), TenantRunStatus.SKIPPED.wireName(), Payloads.Counters.ZERO, null, null,
          "Another sync of this tenant was already running; this run left it alone.");
    }
    return new Payloads.TenantResult(input.tenantId(), TenantRunStatus.FAILED.wireName(), Payloads.Counters.ZERO, null, null,
        FailureMessages.operatorMessage(failure));
  }

  /**
   * Whether the child could not start because a workflow with its id is running: the SDK reports
   * that as a {@link io.temporal.failure.ChildWorkflowFailure} caused by {@link
   * WorkflowExecutionAlreadyStarted}. Decided by the failure's type, never by its message text.
   */
  static boolean isAlreadyRunning(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof WorkflowExecutionAlreadyStarted) {
        return true;
      }
    }
    return false;
  }

  private static List<Promise<Outcome>> promises(List<InFlight> inFlight) {
    List<Promise<Outcome>> promises = new ArrayList<>(inFlight.size());
    for (InFlight flight : inFlight) {
      promises.add(flight.promise);
    }
    return promises;
  }

  private record InFlight(Payloads.TenantInput input, Promise<Outcome> promise) {}

  private record Outcome(Payloads.TenantResult result, RuntimeException failure) {}
}
