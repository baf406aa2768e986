package org.entrasync.temporal;

import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
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
    EntraTemporal temporal = installedTemporal(entra);
    return register(factory, temporal.config(), temporal.useCases(), null);
  }

  /**
   * As {@link #register(WorkerFactory, EntraIntegration)}, with the host's own options for the worker
   * (pollers, concurrency, sticky execution); the task queue stays the one the {@link EntraTemporal}
   * is configured with.
   *
   * @throws IllegalStateException when no {@link EntraTemporal} is installed on {@code entra}
   */
  public static Worker register(WorkerFactory factory, EntraIntegration entra, WorkerOptions options) {
    Objects.requireNonNull(options, "options");
    EntraTemporal temporal = installedTemporal(entra);
    return register(factory, temporal.config(), temporal.useCases(), options);
  }

  private static EntraTemporal installedTemporal(EntraIntegration entra) {
    Objects.requireNonNull(entra, "entra");
    return entra.installed(EntraTemporal.class).orElseThrow(() -> new IllegalStateException(
        "The integration has no EntraTemporal installed; install EntraTemporal.of(workflowClient, scheduleClient)"
            + " on its builder, then register its workers."));
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
    return register(factory, config, useCases, null);
  }

  /** @param options the worker's options; null: Temporal's defaults */
  private static Worker register(WorkerFactory factory, EntraTemporalConfig config, WorkerUseCases useCases,
      WorkerOptions options) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(useCases, "useCases");
    Worker worker = options == null ? factory.newWorker(config.taskQueue()) : factory.newWorker(config.taskQueue(), options);
    worker.registerWorkflowImplementationFactory(Workflows.DiscoveryWorkflow.class, () -> new WorkflowImpls.DiscoveryWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.InitialSyncWorkflow.class, () -> new WorkflowImpls.InitialSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.AllTenantsSyncWorkflow.class, () -> new WorkflowImpls.AllTenantsSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.ClientSyncWorkflow.class, () -> new WorkflowImpls.ClientSyncWorkflowImpl(config));
    worker.registerWorkflowImplementationFactory(Workflows.TenantSyncWorkflow.class, () -> new WorkflowImpls.TenantSyncWorkflowImpl(config));
    worker.registerActivitiesImplementations(new EntraActivitiesImpl(useCases));
    return worker;
  }
}
