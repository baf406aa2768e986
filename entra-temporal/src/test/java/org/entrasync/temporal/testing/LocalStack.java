package org.entrasync.temporal.testing;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.entrasync.adapters.cipp.CippAdapter;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.adapters.jdbi.EntraMigrations;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.fakes.InMemoryFeatureFlagProvider;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.EntraIntegrationBuilder;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.ChainedSecretProvider;
import org.entrasync.spi.EnvironmentSecretProvider;
import org.entrasync.spi.FileSystemSecretProvider;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;
import org.entrasync.temporal.EntraTemporal;
import org.entrasync.temporal.EntraTemporalConfig;
import org.entrasync.temporal.EntraWorkers;
import org.entrasync.temporal.TemporalSyncLauncher;

/**
 * The local stack a host's tests need, started in one call ({@link #start()}): embedded PostgreSQL
 * with the library's migrations and the reference host tables, the Microsoft Graph / identity-platform
 * and CIPP emulators over one emulated directory, a filesystem-then-environment secret store holding
 * the emulator's app registration, in-memory flags and an allow-all access policy, the in-process
 * Temporal test server, and an {@link EntraIntegration} built from the public parts over all of it,
 * with its workers registered and running.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start()) {
 *   stack.flags().enableAllPhase1(msp);
 *   EntraIntegration entra = stack.integration();
 *   ...
 * }
 * }</pre>
 *
 * A host that wires the integration itself takes the infrastructure only ({@link
 * Builder#infrastructureOnly()}) and installs the parts over {@link #dataSource()}, {@link
 * #graphConfig()}, {@link #cippConfig()}, {@link #workflowClient()} and {@link #workerFactory()}. Lives
 * in entra-temporal's test-jar (with the graph, cipp, jdbi and core test-jars beside it).
 */
public final class LocalStack implements AutoCloseable {
  /** The bearer token the CIPP emulator accepts ({@link #cippToken()}). */
  public static final String CIPP_TOKEN = "local-stack-cipp-api-token";

  private final TestDatabase database;
  private final JdbiStorage storage;
  private final EmulatedDirectory directory = new EmulatedDirectory();
  private final GraphEmulator graph;
  private final CippEmulator cipp;
  private final GraphConnectionConfig graphConfig;
  private final CippConnectionConfig cippConfig;
  private final Path secretsDir;
  private final SecretProvider secrets;
  private final InMemoryFeatureFlagProvider flags = new InMemoryFeatureFlagProvider();
  private final StaticAccessPolicy access = StaticAccessPolicy.allowAll();
  private final TestWorkflowEnvironment temporal;
  private final EntraTemporalConfig temporalConfig;
  /** The library worker's options; null: Temporal's defaults. */
  private final io.temporal.worker.WorkerOptions workerOptions;
  private final InMemoryScheduleGateway schedules;
  private final TemporalSyncLauncher launcher;
  private final EntraIntegration integration;

  private LocalStack(Builder b) {
    // The pool sized from the fan-out window (one run at a time here) plus a host's own calls.
    database = EmbeddedPostgresServer.createDatabase(b.databaseName, EmbeddedPostgresServer.Schema.NONE,
        b.temporalConfig.databaseConnections(1) + 2);
    EntraMigrations.migrate(database.dataSource());
    EntraMigrations.migrateHostReference(database.dataSource());
    storage = JdbiStorage.builder(database.dataSource())
        .emailUniquePerTenant(b.emailsUniquePerTenant)
        .referenceHostIds(b.referenceHostIds)
        .build();

    graph = new GraphEmulator(directory).retryAfterSeconds(1);
    if (b.graphDeltaPageSize != null) {
      graph.deltaPageSize(b.graphDeltaPageSize);
    }
    graph.start();
    // Short backoffs keep tests quick, but a Retry-After is waited in process up to production's bound
    // (UpstreamRetryPolicy.BACKGROUND, 10 s), so a test sees what production does with a long one.
    graphConfig = graph.connectionConfig()
        .retryPolicy(UpstreamRetryPolicy.BACKGROUND.withWaits(Duration.ofMillis(10),
            UpstreamRetryPolicy.BACKGROUND.maxInProcessWait(), UpstreamRetryPolicy.BACKGROUND.budget()))
        .build();
    cipp = new CippEmulator(directory).start().acceptToken(CIPP_TOKEN);
    cippConfig = CippConnectionConfig.builder()
        .tokenAuthority(cipp.tokenAuthority())
        .retryPolicy(UpstreamRetryPolicy.BACKGROUND.withWaits(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10)))
        .allowLoopback(true) // the CIPP emulator listens on 127.0.0.1; production refuses loopback
        .build();
    try {
      secretsDir = Files.createTempDirectory("entrasync-local-secrets");
      // The emulator's app registration as app secrets: found for every MSP tenant (the resolver reads
      // tenant secrets, then the environment, then these).
      Path app = Files.createDirectories(secretsDir.resolve("app"));
      Files.writeString(app.resolve(SecretKeys.ENV_MICROSOFT_CLIENT_ID), graph.clientId());
      Files.writeString(app.resolve(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET), graph.clientSecret());
      Files.writeString(app.resolve(SecretKeys.ENV_MICROSOFT_TENANT_ID), graph.partnerTenantId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    secrets = ChainedSecretProvider.of(new FileSystemSecretProvider(secretsDir), new EnvironmentSecretProvider());

    temporalConfig = b.temporalConfig;
    workerOptions = b.workerOptions;
    // The library's MDC keys around every activity, as a host passes them to its own worker factory.
    temporal = TestWorkflowEnvironment.newInstance(io.temporal.testing.TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(io.temporal.worker.WorkerFactoryOptions.newBuilder()
            .setWorkerInterceptors(EntraWorkers.logContextInterceptor()).build())
        .build());
    schedules = new InMemoryScheduleGateway(b.clock);
    launcher = new TemporalSyncLauncher(temporal.getWorkflowClient(), temporalConfig);
    if (b.infrastructureOnly) {
      integration = null;
      return;
    }
    EntraIntegrationBuilder builder = EntraIntegration.builder()
        .edition(Edition.ENTERPRISE)
        .secrets(secrets)
        .flags(flags)
        .access(access)
        .clock(b.clock)
        .pageSize(b.pageSize)
        .install(b.hostClients != null
            ? storage.withHostContacts(b.hostClients, b.hostContacts)
            : b.referenceHostThroughPorts != null
                ? storage.withHostContacts(storage.referenceHostClients(),
                    b.referenceHostThroughPorts.apply(storage.referenceHostContacts()))
                : storage.withReferenceHost())
        .install(GraphAdapter.create(graphConfig))
        .install(CippAdapter.create(cippConfig))
        .install(b.temporal.apply(this, EntraTemporal.of(temporal.getWorkflowClient()).config(temporalConfig).schedules(schedules)));
    b.customizer.accept(this, builder);
    integration = builder.build();
    if (workerOptions == null) {
      EntraWorkers.register(temporal.getWorkerFactory(), integration);
    } else {
      EntraWorkers.register(temporal.getWorkerFactory(), integration, workerOptions);
    }
    temporal.start();
  }

  /** The whole stack with its defaults. */
  public static LocalStack start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of the stack; every one has a default. */
  public static final class Builder {
    private String databaseName = "local_stack";
    private int pageSize = DirectoryGateway.ListingRequest.DEFAULT_PAGE_SIZE;
    private Integer graphDeltaPageSize;
    private EntraTemporalConfig temporalConfig = EntraTemporalConfig.DEFAULTS
        .withTaskQueue("entrasync-local")
        .withRetry(Duration.ofMillis(200), Duration.ofSeconds(2), 3);
    private io.temporal.worker.WorkerOptions workerOptions;
    private boolean emailsUniquePerTenant;
    private ReferenceHostIds referenceHostIds = ReferenceHostIds.RANDOM;
    private HostClientDirectory hostClients;
    private HostContactDirectory hostContacts;
    private boolean infrastructureOnly;
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<HostContactDirectory> referenceHostThroughPorts;
    private BiConsumer<LocalStack, EntraIntegrationBuilder> customizer = (stack, builder) -> {};
    private BiFunction<LocalStack, EntraTemporal, EntraTemporal> temporal = (stack, part) -> part;

    private Builder() {}

    /** A hint for the database's name (it gets a unique suffix). */
    public Builder databaseName(String hint) { this.databaseName = Objects.requireNonNull(hint); return this; }

    /** Users per page of a tenant sync (small values exercise paging with small directories). */
    public Builder pageSize(int value) { this.pageSize = value; return this; }

    /** Entries per page of the Graph emulator's delta rounds (default: the emulator's). */
    public Builder graphDeltaPageSize(int value) { this.graphDeltaPageSize = value; return this; }

    /** How the workflows run (default: task queue {@code entrasync-local}, fast retries). */
    public Builder temporalConfig(UnaryOperator<EntraTemporalConfig> change) {
      this.temporalConfig = Objects.requireNonNull(change.apply(temporalConfig));
      return this;
    }

    /**
     * The library worker's options (default: Temporal's); the chaos suite turns sticky execution off
     * so a killed worker's workflow tasks go back to the shared queue (see {@link #workerOptions()}).
     */
    public Builder workerOptions(io.temporal.worker.WorkerOptions value) {
      this.workerOptions = Objects.requireNonNull(value);
      return this;
    }

    /** Reference host option: an email belongs to one contact across all clients of an MSP tenant. */
    public Builder emailsUniquePerTenant(boolean value) { this.emailsUniquePerTenant = value; return this; }

    /** How the reference host names the clients and contacts it creates (default: random UUIDs). */
    public Builder referenceHostIds(ReferenceHostIds value) { this.referenceHostIds = Objects.requireNonNull(value); return this; }

    /** Syncs into the host's own directories instead of the reference host tables. */
    public Builder hostContacts(HostClientDirectory clients, HostContactDirectory contacts) {
      this.hostClients = Objects.requireNonNull(clients, "clients");
      this.hostContacts = Objects.requireNonNull(contacts, "contacts");
      return this;
    }

    /**
     * Syncs into the reference host tables through the host directory ports (the path of a host with
     * its own contact tables) instead of the one-transaction writer; {@code wrap} may decorate the
     * contact directory (the chaos suite fails its writes).
     */
    public Builder referenceHostThroughPorts(UnaryOperator<HostContactDirectory> wrap) {
      this.referenceHostThroughPorts = Objects.requireNonNull(wrap, "wrap");
      return this;
    }

    /** Starts the infrastructure only; the test wires the integration and registers its workers itself. */
    public Builder infrastructureOnly() { this.infrastructureOnly = true; return this; }

    public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value); return this; }

    /** Changes the integration's builder before it is built (other flags or access policy, more parts). */
    public Builder customize(BiConsumer<LocalStack, EntraIntegrationBuilder> change) {
      this.customizer = Objects.requireNonNull(change);
      return this;
    }

    /** Changes the installed {@link EntraTemporal} (for example to wrap its launcher or its schedules). */
    public Builder customizeTemporal(BiFunction<LocalStack, EntraTemporal, EntraTemporal> change) {
      this.temporal = Objects.requireNonNull(change);
      return this;
    }

    public LocalStack start() {
      return new LocalStack(this);
    }
  }

  // ---- what the stack runs ------------------------------------------------------------------

  /** The built integration; null with {@link Builder#infrastructureOnly()}. */
  public EntraIntegration integration() { return integration; }
  /** The database, migrated (library tables and reference host tables). */
  public DataSource dataSource() { return database.dataSource(); }
  /** The database with its JDBC URL (tests that reach it with their own connections). */
  public TestDatabase database() { return database; }
  /** The storage installed on the integration, for seeding and reading back in tests. */
  public JdbiStorage storage() { return storage; }
  /** The directory both emulators serve. */
  public EmulatedDirectory directory() { return directory; }
  public GraphEmulator graph() { return graph; }
  public CippEmulator cipp() { return cipp; }
  /** The Graph adapter's configuration, pointing at the Graph emulator. */
  public GraphConnectionConfig graphConfig() { return graphConfig; }
  /** The CIPP adapter's configuration, allowing the emulator's loopback address. */
  public CippConnectionConfig cippConfig() { return cippConfig; }
  /** The CIPP emulator's base URL, to connect CIPP with. */
  public String cippBaseUrl() { return cipp.baseUrl(); }
  /** A token the CIPP emulator accepts. */
  public String cippToken() { return CIPP_TOKEN; }
  public SecretProvider secrets() { return secrets; }
  public InMemoryFeatureFlagProvider flags() { return flags; }
  public StaticAccessPolicy access() { return access; }
  public TestWorkflowEnvironment temporal() { return temporal; }
  public WorkflowClient workflowClient() { return temporal.getWorkflowClient(); }
  public WorkerFactory workerFactory() { return temporal.getWorkerFactory(); }
  public EntraTemporalConfig temporalConfig() { return temporalConfig; }
  /** The library worker's options the stack was built with; empty: Temporal's defaults. */
  public java.util.Optional<io.temporal.worker.WorkerOptions> workerOptions() { return java.util.Optional.ofNullable(workerOptions); }
  /** A launcher over the same Temporal server, for queries ({@code runningWorkflowIds}). */
  public TemporalSyncLauncher launcher() { return launcher; }
  /** The schedules the integration keeps (the test server runs none). */
  public InMemoryScheduleGateway schedules() { return schedules; }

  /** Stores the emulator's app registration as the MSP tenant's own {@code microsoft_*} secrets. */
  public void storeAppCredentials(MspTenantId msp) {
    graph.storeAppCredentials(secrets, msp);
  }

  @Override
  public void close() {
    temporal.close();
    if (integration != null) {
      integration.close();
    }
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
