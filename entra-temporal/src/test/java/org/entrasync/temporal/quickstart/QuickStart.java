package org.entrasync.temporal.quickstart;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import javax.sql.DataSource;
import org.entrasync.adapters.cipp.CippAdapter;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import org.entrasync.adapters.jdbi.EntraMigrations;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.SecretProvider;
import org.entrasync.temporal.EntraTemporal;
import org.entrasync.temporal.EntraWorkers;

/**
 * The root README's quick start, as a program that compiles and runs: it names only the library's
 * public API (no {@code internal} package, no test fake), and {@code QuickStartTest} runs it against
 * the local stack and syncs through each emulator. The README quotes the region between the {@code
 * quick-start} markers; {@code QuickStartTest} keeps the two the same.
 */
public final class QuickStart {
  private QuickStart() {}

  // quick-start:begin
  /**
   * Wires the integration from its parts and starts the library's workers. The host brings its
   * database, its secrets, flags and access policy (the SPI), the adapters' configurations and
   * Temporal's clients; it keeps the returned facade for its settings screens and closes it on shutdown.
   */
  public static EntraIntegration start(DataSource dataSource, SecretProvider secrets, FeatureFlagProvider flags,
      AccessPolicy access, GraphConnectionConfig graphConfig, CippConnectionConfig cippConfig,
      WorkflowClient workflowClient, ScheduleClient scheduleClient, WorkerFactory workerFactory) {
    EntraMigrations.migrate(dataSource);              // the library's tables, own Flyway history
    EntraMigrations.migrateHostReference(dataSource); // only for the reference host tables (psa_clients, psa_contacts)

    EntraIntegration entra = EntraIntegration.builder()
        .edition(Edition.ENTERPRISE).secrets(secrets).flags(flags).access(access)
        .install(JdbiStorage.create(dataSource).withReferenceHost()) // or .withHostContacts(myClients, myContacts)
        .install(GraphAdapter.create(graphConfig))                   // the direct connection (Microsoft Graph)
        .install(CippAdapter.create(cippConfig))                     // the CIPP connection
        .install(EntraTemporal.of(workflowClient, scheduleClient))   // workflows and the recurring sync
        .build();                                                     // names every missing part at once

    EntraWorkers.register(workerFactory, entra); // the library's workflows and activities, on its task queue
    workerFactory.start();                       // as the host starts its own workers
    return entra;
  }

  /** A host process against a Temporal server on localhost:7233. */
  public static EntraIntegration startAgainstLocalTemporal(DataSource dataSource, SecretProvider secrets,
      FeatureFlagProvider flags, AccessPolicy access) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newLocalServiceStubs();
    WorkflowClient workflowClient = WorkflowClient.newInstance(service);
    return start(dataSource, secrets, flags, access,
        GraphConnectionConfig.builder().redirectUri(URI.create("https://psa.example/entra/callback")).build(),
        CippConnectionConfig.defaults(),
        workflowClient, ScheduleClient.newInstance(service), WorkerFactory.newInstance(workflowClient));
  }
  // quick-start:end
}
