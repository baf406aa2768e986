package org.entrasync.temporal;

import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.util.Objects;
import org.entrasync.core.discovery.DiscoveryService;
import org.entrasync.core.sync.SyncRunService;
import org.entrasync.core.sync.TenantSyncService;
import org.entrasync.temporal.internal.EntraActivitiesImpl;
import org.entrasync.temporal.internal.LogContextInterceptor;
import org.entrasync.temporal.internal.WorkflowImpls;
import org.entrasync.temporal.internal.Workflows;

/**
 * Registers the library's workflows and activities on a host's {@link WorkerFactory}, in one call.
 * The host starts the factory as it starts its own workers; any number of host processes may do so,
 * and per-tenant syncs then spread across them.
 */
public final class EntraWorkers {
  private EntraWorkers() {}

  /** The use cases the activities call. */
  public record Services(TenantSyncService tenantSync, SyncRunService runs, DiscoveryService discovery, Clock clock) {
    public Services {
      Objects.requireNonNull(tenantSync, "tenantSync");
      Objects.requireNonNull(runs, "runs");
      Objects.requireNonNull(discovery, "discovery");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /**
   * The worker interceptor that sets the library's MDC keys ({@code LogKeys}: MSP, run, workflow,
   * managed tenant, activity) around every activity, so each line logged during a sync says whose it
   * is. Pass it to the factory the host creates: {@code WorkerFactoryOptions.newBuilder()
   * .setWorkerInterceptors(EntraWorkers.logContextInterceptor())}.
   */
  public static WorkerInterceptor logContextInterceptor() {
    return new LogContextInterceptor();
  }

  /** Creates the worker on {@code config.taskQueue()} and registers everything; returns the worker. */
  public static Worker register(WorkerFactory factory, EntraTemporalConfig config, Services services) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(config, "config");
    Worker worker = factory.newWorker(config.taskQueue());
    worker.registerWorkflowImplementationFactory(Workflows.DiscoveryWorkflow.class, () -> new WorkflowImpls.DiscoveryWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.InitialSyncWorkflow.class, () -> new WorkflowImpls.InitialSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.AllTenantsSyncWorkflow.class, () -> new WorkflowImpls.AllTenantsSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.ClientSyncWorkflow.class, () -> new WorkflowImpls.ClientSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.TenantSyncWorkflow.class, () -> new WorkflowImpls.TenantSyncWorkflowImpl(config));
    worker.registerActivitiesImplementations(
        new EntraActivitiesImpl(services.tenantSync(), services.runs(), services.discovery(), services.clock()));
    return worker;
  }
}
