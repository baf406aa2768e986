package org.entrasync.temporal.internal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The library's workflow types. Each sync path has its own type; all share one per-tenant child. */
public final class Workflows {
  private Workflows() {}

  @WorkflowInterface
  public interface DiscoveryWorkflow {
    @WorkflowMethod
    int discover(Payloads.DiscoveryInput input);
  }

  /** The sync paths' common shape: run, and answer a progress query while running. */
  public interface SyncRun {
    @WorkflowMethod
    Payloads.RunResult run(Payloads.RunInput input);

    @QueryMethod
    Payloads.RunProgress progress();
  }

  /** The wizard's initial sync; provisions clients for create_new decisions. */
  @WorkflowInterface
  public interface InitialSyncWorkflow extends SyncRun {}

  /** All tenants; the input says whether an operator or the schedule started it. */
  @WorkflowInterface
  public interface AllTenantsSyncWorkflow extends SyncRun {}

  /** One client's mapped tenant(s): "Sync Entra Now" on a client. */
  @WorkflowInterface
  public interface ClientSyncWorkflow extends SyncRun {}

  /** One managed tenant; its workflow id is the tenant's mutex. */
  @WorkflowInterface
  public interface TenantSyncWorkflow {
    @WorkflowMethod
    Payloads.TenantResult sync(Payloads.TenantInput input);
  }
}
