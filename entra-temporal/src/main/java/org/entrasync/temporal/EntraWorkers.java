package org.entrasync.temporal;

import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.Objects;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.temporal.internal.EntraActivitiesImpl;
import org.entrasync.temporal.internal.LogContextInterceptor;
import org.entrasync.temporal.internal.WorkflowImpls;
import org.entrasync.temporal.internal.Workflows;

/**
 * Registers the library's workflows and activities on a host's {@link WorkerFactory}, in one call.
 * The host starts the factory as it starts its own workers ({@code workerFactory.start()}); any number
 * of host processes may do so, and per-tenant syncs then spread across them.
 */
public final class EntraWorkers {
  private EntraWorkers() {}

  /**
   * Creates the worker on the task queue of the {@link EntraTemporal} installed on {@code entra} and
   * registers everything on it, running the integration's own use cases (one wiring, one clock).
   *
   * @throws IllegalStateException when no {@link EntraTemporal} is installed on {@code entra}
   */
  public static Worker register(WorkerFactory factory, EntraIntegration entra) {
    Objects.requireNonNull(entra, "entra");
    EntraTemporal temporal = entra.installed(EntraTemporal.class).orElseThrow(() -> new IllegalStateException(
        "The integration has no EntraTemporal installed; install EntraTemporal.of(workflowClient, scheduleClient)"
            + " on its builder, then register its workers."));
    return register(factory, temporal.config(), temporal.useCases());
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

  static Worker register(WorkerFactory factory, EntraTemporalConfig config, WorkerUseCases useCases) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(useCases, "useCases");
    Worker worker = factory.newWorker(config.taskQueue());
    worker.registerWorkflowImplementationFactory(Workflows.DiscoveryWorkflow.class, () -> new WorkflowImpls.DiscoveryWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.InitialSyncWorkflow.class, () -> new WorkflowImpls.InitialSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.AllTenantsSyncWorkflow.class, () -> new WorkflowImpls.AllTenantsSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.ClientSyncWorkflow.class, () -> new WorkflowImpls.ClientSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.TenantSyncWorkflow.class, () -> new WorkflowImpls.TenantSyncWorkflowImpl(config));
    worker.registerActivitiesImplementations(new EntraActivitiesImpl(useCases));
    return worker;
  }
}
