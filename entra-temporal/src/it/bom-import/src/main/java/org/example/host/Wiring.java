package org.example.host;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import javax.sql.DataSource;
import org.entrasync.adapters.cipp.CippAdapter;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.SecretProvider;
import org.entrasync.temporal.EntraTemporal;
import org.entrasync.temporal.EntraWorkers;

/** One public type of each module, and the wiring a host writes against the published artifacts. */
public final class Wiring {
  private Wiring() {}

  public static List<Class<?>> modules() {
    return List.of(
        org.entrasync.spi.SecretProvider.class,
        org.entrasync.core.port.out.DirectoryGateway.class,
        org.entrasync.adapters.graph.GraphAdapter.class,
        org.entrasync.adapters.cipp.CippDirectoryGateway.class,
        org.entrasync.adapters.jdbi.JdbiStorage.class,
        org.entrasync.temporal.EntraWorkers.class);
  }

  /** The root README's quick start, compiled in a host's own project. */
  public static EntraIntegration start(DataSource dataSource, SecretProvider secrets, FeatureFlagProvider flags,
      AccessPolicy access, GraphConnectionConfig graphConfig, CippConnectionConfig cippConfig,
      WorkflowClient workflowClient, ScheduleClient scheduleClient, WorkerFactory workerFactory) {
    EntraIntegration entra = EntraIntegration.builder()
        .edition(Edition.ENTERPRISE).secrets(secrets).flags(flags).access(access)
        .install(JdbiStorage.create(dataSource).withReferenceHost())
        .install(GraphAdapter.create(graphConfig))
        .install(CippAdapter.create(cippConfig))
        .install(EntraTemporal.of(workflowClient, scheduleClient))
        .build();
    EntraWorkers.register(workerFactory, entra);
    workerFactory.start();
    return entra;
  }
}
