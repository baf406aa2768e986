package org.entrasync.temporal.internal;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.temporal.EntraTemporalConfig;

/** The workflow implementations: thin, deterministic, delegating to {@link SyncRunner}. */
public final class WorkflowImpls {
  private WorkflowImpls() {}

  public static final class DiscoveryWorkflowImpl implements Workflows.DiscoveryWorkflow {
    private final EntraActivities activities;

    public DiscoveryWorkflowImpl(EntraTemporalConfig config) {
      this.activities = ActivityStubs.discovery(config);
    }

    @Override
    public int discover(Payloads.DiscoveryInput input) {
      return activities.discover(input);
    }
  }

  /** The three sync paths differ only in their workflow type; the work is the shared runner's. */
  private abstract static class SyncRunWorkflow implements Workflows.SyncRun {
    private final SyncRunner runner;

    SyncRunWorkflow(EntraTemporalConfig config) {
      this.runner = new SyncRunner(config);
    }

    @Override
    public Payloads.RunResult run(Payloads.RunInput input) {
      return runner.run(input);
    }

    @Override
    public Payloads.RunProgress progress() {
      return runner.progress();
    }
  }

  public static final class InitialSyncWorkflowImpl extends SyncRunWorkflow implements Workflows.InitialSyncWorkflow {
    public InitialSyncWorkflowImpl(EntraTemporalConfig config) {
      super(config);
    }
  }

  public static final class AllTenantsSyncWorkflowImpl extends SyncRunWorkflow implements Workflows.AllTenantsSyncWorkflow {
    public AllTenantsSyncWorkflowImpl(EntraTemporalConfig config) {
      super(config);
    }
  }

  public static final class ClientSyncWorkflowImpl extends SyncRunWorkflow implements Workflows.ClientSyncWorkflow {
    public ClientSyncWorkflowImpl(EntraTemporalConfig config) {
      super(config);
    }
  }

  /**
   * One tenant: one activity that syncs it and records its result in the run; only when that activity
   * fails (or the run is cancelled) does the child record the tenant's result itself, with a second,
   * short activity. Histories written before {@link #ONE_ACTIVITY} (start, sync, finish: three
   * activities) replay on that older path.
   */
  public static final class TenantSyncWorkflowImpl implements Workflows.TenantSyncWorkflow {
    /** The change id of the one-activity shape (version 1); the default version is the three-activity one. */
    static final String ONE_ACTIVITY = "tenant-sync-one-activity";

    private final EntraActivities bookkeeping;
    private final EntraActivities sync;

    public TenantSyncWorkflowImpl(EntraTemporalConfig config) {
      this.bookkeeping = ActivityStubs.bookkeeping(config);
      this.sync = ActivityStubs.tenantSync(config);
    }

    @Override
    public Payloads.TenantResult sync(Payloads.TenantInput input) {
      boolean threeActivities = Workflow.getVersion(ONE_ACTIVITY, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION;
      if (threeActivities) {
        bookkeeping.tenantStarted(input);
      }
      Payloads.TenantResult result;
      boolean recorded = false;
      try {
        if (threeActivities) {
          result = sync.syncTenant(input);
        } else {
          result = sync.syncAndRecordTenant(input);
          recorded = true;
        }
      } catch (ActivityFailure failure) {
        String message = CancellationScope.current().isCancelRequested() ? SyncRunner.CANCELLED
            : FailureMessages.operatorMessage(failure);
        result = new Payloads.TenantResult(input.tenantId(), TenantRunStatus.FAILED.wireName(), Payloads.Counters.ZERO,
            null, null, message);
      }
      if (CancellationScope.current().isCancelRequested()) {
        // stopped by cancelRunning: the tenant's result is still recorded, then the cancellation goes on
        Payloads.TenantResult stopped = result;
        if (!recorded) {
          Workflow.newDetachedCancellationScope(() -> bookkeeping.tenantFinished(input, stopped)).run();
        }
        throw new CanceledFailure(SyncRunner.CANCELLED);
      }
      if (!recorded) {
        bookkeeping.tenantFinished(input, result);
      }
      return result;
    }
  }
}
