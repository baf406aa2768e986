package org.entrasync.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.core.port.out.SyncLauncher;

/**
 * The orchestration as a part a host installs: it starts the library's workflows ({@link
 * TemporalSyncLauncher}), keeps each MSP tenant's recurring sync as a Temporal schedule ({@link
 * TemporalScheduleGateway}), and receives the use cases its workers call, which {@link
 * EntraWorkers#register(io.temporal.worker.WorkerFactory, org.entrasync.core.port.in.EntraIntegration)}
 * registers:
 *
 * <pre>{@code
 * EntraIntegration entra = EntraIntegration.builder() ...
 *     .install(EntraTemporal.of(workflowClient, scheduleClient))
 *     .build();
 * EntraWorkers.register(workerFactory, entra);
 * workerFactory.start();
 * }</pre>
 *
 * One instance per integration.
 */
public final class EntraTemporal implements EntraPlugin {
  private final WorkflowClient workflowClient;
  private final ScheduleClient scheduleClient;
  private EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS;
  private ScheduleGateway schedules;
  private UnaryOperator<SyncLauncher> launcherWrapper = UnaryOperator.identity();
  private volatile WorkerUseCases useCases;
  private boolean installed;

  private EntraTemporal(WorkflowClient workflowClient, ScheduleClient scheduleClient) {
    this.workflowClient = Objects.requireNonNull(workflowClient, "workflowClient");
    this.scheduleClient = scheduleClient;
  }

  /** Workflows and the recurring sync of each MSP tenant (Temporal schedules). */
  public static EntraTemporal of(WorkflowClient workflowClient, ScheduleClient scheduleClient) {
    return new EntraTemporal(workflowClient, Objects.requireNonNull(scheduleClient, "scheduleClient"));
  }

  /** Workflows without a recurring sync: the host starts every sync itself. */
  public static EntraTemporal of(WorkflowClient workflowClient) {
    return new EntraTemporal(workflowClient, null);
  }

  /** How the workflows run: task queue, fan-out, timeouts, retries (default {@link EntraTemporalConfig#DEFAULTS}). */
  public EntraTemporal config(EntraTemporalConfig value) {
    this.config = Objects.requireNonNull(value, "config");
    return this;
  }

  /** Keeps the recurring syncs with this gateway instead of Temporal schedules (a host's own scheduler). */
  public EntraTemporal schedules(ScheduleGateway value) {
    this.schedules = Objects.requireNonNull(value, "schedules");
    return this;
  }

  /** Wraps the launcher every workflow start goes through (auditing, metrics). */
  public EntraTemporal wrapLauncher(UnaryOperator<SyncLauncher> wrapper) {
    this.launcherWrapper = Objects.requireNonNull(wrapper, "wrapper");
    return this;
  }

  public EntraTemporalConfig config() {
    return config;
  }

  @Override
  public synchronized void install(Installation installation) {
    if (installed) {
      throw new IllegalStateException("This EntraTemporal is installed in another integration already; install a new"
          + " one (EntraTemporal.of(...)) per integration.");
    }
    installed = true;
    installation.launcher(Objects.requireNonNull(launcherWrapper.apply(new TemporalSyncLauncher(workflowClient, config)),
        "the wrapped launcher"));
    if (schedules != null) {
      installation.schedules(schedules);
    } else if (scheduleClient != null) {
      installation.schedules(new TemporalScheduleGateway(scheduleClient, config));
    }
    installation.workers(entry -> useCases = entry);
  }

  /** What the workers call; set once the integration is built. */
  WorkerUseCases useCases() {
    WorkerUseCases entry = useCases;
    if (entry == null) {
      throw new IllegalStateException("Build the EntraIntegration this EntraTemporal is installed on before"
          + " registering its workers.");
    }
    return entry;
  }
}
