package org.entrasync.temporal.example;

import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.adapters.cipp.CippDirectoryGateway;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.adapters.jdbi.EntraMigrations;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.fakes.InMemoryFeatureFlagProvider;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.EntraIntegrationBuilder;
import org.entrasync.core.port.in.EntraServices;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.ChainedSecretProvider;
import org.entrasync.spi.EnvironmentSecretProvider;
import org.entrasync.spi.FileSystemSecretProvider;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;
import org.entrasync.temporal.EntraTemporalConfig;
import org.entrasync.temporal.EntraWorkers;
import org.entrasync.temporal.TemporalSyncLauncher;

/**
 * A host PSA wired for real, the way a host developer wires the library: embedded PostgreSQL with
 * the library's and the reference host's migrations, the in-process Temporal server running the
 * library's worker, local emulators of Microsoft Graph / the identity platform and of CIPP (sharing
 * one emulated directory), a filesystem-then-environment secret provider, and in-memory flags and
 * access policy.
 */
public final class ExampleHost implements AutoCloseable {
  /** The MSP tenant every scenario plays as. */
  public static final MspTenantId MSP = MspTenantId.of("example-msp");
  /** The bearer token the CIPP emulator accepts and the example connects with. */
  public static final String CIPP_TOKEN = "example-cipp-api-token";
  /**
   * Users per page when playing scenarios ({@link #forScenarios}): the tenant sync's page, hence
   * Graph's {@code $top} and CIPP's chunks, and the Graph emulator's delta rounds. Small on purpose:
   * the scenarios' directories are small, and this way they are still read over several pages, so
   * next links, resume cursors and page-by-page writes are exercised end to end (and the {@code
   * truncatePaging} fault has next links to break).
   */
  public static final int SCENARIO_PAGE_SIZE = 3;

  private final TestDatabase database;
  private final JdbiStorage storage;
  private final EmulatedDirectory directory = new EmulatedDirectory();
  private final GraphEmulator graph;
  private final CippEmulator cipp;
  private final Path secretsDir;
  private final SecretProvider secrets;
  private final InMemoryFeatureFlagProvider flags = new InMemoryFeatureFlagProvider();
  private final StaticAccessPolicy access = StaticAccessPolicy.allowAll();
  private final GraphAdapter graphAdapter;
  private final CippDirectoryGateway cippGateway;
  private final TestWorkflowEnvironment temporal;
  private final org.entrasync.core.fakes.FaultyHostContactDirectory hostContacts;
  private final EntraTemporalConfig temporalConfig;
  private final EntraWorkers.Services workerServices;
  private io.temporal.worker.WorkerFactory workers;
  private final TemporalSyncLauncher launcher;
  private final InMemoryScheduleGateway schedules;
  private final EntraIntegration integration;

  public ExampleHost(boolean emailsUniquePerTenant) {
    this(emailsUniquePerTenant, org.entrasync.core.port.out.DirectoryGateway.ListingRequest.DEFAULT_PAGE_SIZE);
  }

  /** @param pageSize users per page of a tenant sync (small values make multi-page tests cheap) */
  public ExampleHost(boolean emailsUniquePerTenant, int pageSize) {
    this(emailsUniquePerTenant, pageSize, null, null);
  }

  /** The host the scenario runner plays on: pages of {@link #SCENARIO_PAGE_SIZE} users everywhere. */
  public static ExampleHost forScenarios(boolean emailsUniquePerTenant) {
    return new ExampleHost(emailsUniquePerTenant, SCENARIO_PAGE_SIZE, SCENARIO_PAGE_SIZE, null);
  }

  /**
   * The host for one scenario file: its reference-host options and its {@code timing} (FORMAT.md),
   * with pages of {@link #SCENARIO_PAGE_SIZE} users everywhere.
   */
  public static ExampleHost forScenario(com.fasterxml.jackson.databind.JsonNode scenario) {
    return new ExampleHost(ScenarioRunner.wantsEmailsUniquePerTenant(scenario), SCENARIO_PAGE_SIZE, SCENARIO_PAGE_SIZE,
        ScenarioRunner.heartbeatTimeout(scenario).orElse(null));
  }

  /**
   * @param deltaPageSize entries per page of the Graph emulator's delta rounds; null: its default
   * @param heartbeatTimeout the activities' heartbeat timeout; null: the production default
   */
  private ExampleHost(boolean emailsUniquePerTenant, int pageSize, Integer deltaPageSize, Duration heartbeatTimeout) {
    this(emailsUniquePerTenant, pageSize, deltaPageSize, heartbeatTimeout, false);
  }

  /**
   * The host the chaos suite plays its histories on: pages of {@link #SCENARIO_PAGE_SIZE} users, the
   * given heartbeat timeout (a worker killed mid-activity is noticed that soon), and with {@code
   * portWriter} pages written through the host contact directory port (the path of hosts whose
   * contacts live elsewhere, where {@link #hostFaults()} can fail a page's host writes) instead of the
   * reference host's one-transaction writer.
   */
  public static ExampleHost forChaos(boolean portWriter, Duration heartbeatTimeout) {
    return new ExampleHost(false, SCENARIO_PAGE_SIZE, SCENARIO_PAGE_SIZE, heartbeatTimeout, portWriter);
  }

  private ExampleHost(boolean emailsUniquePerTenant, int pageSize, Integer deltaPageSize, Duration heartbeatTimeout,
      boolean portWriter) {
    Clock clock = Clock.systemUTC();
    database = EmbeddedPostgresServer.createDatabase("example", EmbeddedPostgresServer.Schema.NONE);
    EntraMigrations.migrate(database.dataSource());
    EntraMigrations.migrateHostReference(database.dataSource());
    storage = JdbiStorage.builder(database.dataSource())
        .emailUniquePerTenant(emailsUniquePerTenant)
        .referenceHostIds(ReferenceHostIds.DERIVED)
        .build();

    graph = new GraphEmulator(directory).retryAfterSeconds(1);
    if (deltaPageSize != null) {
      graph.deltaPageSize(deltaPageSize);
    }
    graph.start();
    cipp = new CippEmulator(directory).start().acceptToken(CIPP_TOKEN);
    try {
      secretsDir = Files.createTempDirectory("entrasync-example-secrets");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    secrets = ChainedSecretProvider.of(new FileSystemSecretProvider(secretsDir), new EnvironmentSecretProvider());
    // The host's Microsoft app registration, configured once per MSP tenant as tenant secrets.
    graph.storeAppCredentials(secrets, MSP);

    // Pending sign-ins in PostgreSQL (the callback may reach another node of the host), and the
    // connection store, so a token refresh never outlives a disconnect or switch (generation fence).
    // Short backoffs keep scenarios quick, but a Retry-After is waited in process up to production's bound
    // (UpstreamRetryPolicy.BACKGROUND, 10 s), so a scenario shows what production does with a long one.
    GraphConnectionConfig graphConfig = graph.connectionConfig()
        .retryPolicy(UpstreamRetryPolicy.BACKGROUND.withWaits(Duration.ofMillis(10),
            UpstreamRetryPolicy.BACKGROUND.maxInProcessWait(), UpstreamRetryPolicy.BACKGROUND.budget()))
        .build();
    graphAdapter = GraphAdapter.create(graphConfig, secrets, new MicrosoftAppCredentialsResolver(secrets),
        storage.pendingAuthorizations(), storage.connections());
    cippGateway = new CippDirectoryGateway(secrets, CippConnectionConfig.builder()
        .tokenAuthority(cipp.tokenAuthority())
        .retryPolicy(UpstreamRetryPolicy.BACKGROUND.withWaits(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10)))
        .allowLoopback(true) // the CIPP emulator listens on 127.0.0.1; production refuses loopback
        .build());

    StoragePorts ports = new StoragePorts(storage.connections(), storage.managedTenants(), storage.mappings(),
        storage.syncSettings(), storage.syncRuns(), storage.contactLinks(), storage.reconciliationQueue(),
        storage.referenceHostPageWriter(), storage.heldDeletions());
    EntraIntegrationBuilder builder = EntraIntegration.builder()
        .edition(Edition.ENTERPRISE)
        .secrets(secrets)
        .flags(flags)
        .access(access)
        .clients(storage.referenceHostClients())
        .contacts(hostContacts = new org.entrasync.core.fakes.FaultyHostContactDirectory(storage.referenceHostContacts()))
        .contactsShareStorageTransaction(!portWriter)
        .storage(ports)
        .directoryGateway(graphAdapter.directoryGateway())
        .directoryGateway(cippGateway)
        .directAuth(graphAdapter.authGateway())
        .cippValidator(cippGateway.connectionValidator())
        .pageSize(pageSize)
        .clock(clock);
    EntraServices services = builder.buildServices();

    EntraTemporalConfig config = EntraTemporalConfig.DEFAULTS
        .withTaskQueue("entrasync-example")
        .withRetry(Duration.ofMillis(200), Duration.ofSeconds(2), 3);
    if (heartbeatTimeout != null) {
      config = config.withHeartbeatTimeout(heartbeatTimeout);
    }
    temporal = TestWorkflowEnvironment.newInstance();
    temporalConfig = config;
    workerServices = new EntraWorkers.Services(services.tenantSync(), services.runs(), services.discovery(), clock);
    workers = temporal.getWorkerFactory();
    EntraWorkers.register(workers, config, workerServices);
    temporal.start();
    launcher = new TemporalSyncLauncher(temporal.getWorkflowClient(), config);
    schedules = new InMemoryScheduleGateway(clock);
    integration = builder.launcher(launcher).schedules(schedules).build(services);
  }

  public EntraIntegration integration() { return integration; }
  public EntraServices services() { return integration.services(); }
  public JdbiStorage storage() { return storage; }
  public EmulatedDirectory directory() { return directory; }
  public GraphEmulator graph() { return graph; }
  public CippEmulator cipp() { return cipp; }
  public SecretProvider secrets() { return secrets; }
  public InMemoryFeatureFlagProvider flags() { return flags; }
  public StaticAccessPolicy access() { return access; }
  public TemporalSyncLauncher launcher() { return launcher; }
  /** The Temporal client, to read workflow histories (attempts, timeouts) after a scenario. */
  public io.temporal.client.WorkflowClient workflowClient() { return temporal.getWorkflowClient(); }
  InMemoryScheduleGateway schedules() { return schedules; }
  /** The host's contact directory as the library sees it: it fails a write once when armed (chaos). */
  public org.entrasync.core.fakes.FaultyHostContactDirectory hostFaults() { return hostContacts; }
  /** The host's database (the chaos suite drops its connections mid-page). */
  public TestDatabase database() { return database; }

  /**
   * Kills the worker (its activities interrupted mid-flight, their results never reported) and starts
   * a new one on the same test server, as a host's worker process restarted by its supervisor would.
   */
  public synchronized void restartWorker() {
    workers.shutdownNow();
    workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    workers = io.temporal.worker.WorkerFactory.newInstance(temporal.getWorkflowClient());
    EntraWorkers.register(workers, temporalConfig, workerServices);
    workers.start();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (workers != temporal.getWorkerFactory()) {
        workers.shutdownNow();
      }
    }
    temporal.close();
    graphAdapter.close();
    cippGateway.close();
    graph.close();
    cipp.close();
    EmbeddedPostgresServer.dropDatabase(database);
    try (Stream<Path> files = Files.walk(secretsDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temporary files; nothing to do
    }
  }
}
