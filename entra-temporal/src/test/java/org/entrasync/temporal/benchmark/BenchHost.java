package org.entrasync.temporal.benchmark;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.fakes.InMemoryFeatureFlagProvider;
import org.entrasync.core.fakes.NoLauncher;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import java.util.concurrent.atomic.AtomicReference;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.spi.Actor;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.MspTenantId;

/**
 * The host the benchmark measures, wired like the example host minus Temporal: embedded PostgreSQL
 * ({@link BenchDatabases}: local, or durable behind a round-trip delay) with the library's and the
 * reference host's migrations, {@link JdbiStorage} over a counting and
 * timing data source, the Graph emulator serving generated tenants, the real Graph adapter over
 * HTTP, and the integration built from its parts (so {@link #work} syncs a tenant with the library's
 * {@code TenantSyncService} and the JDBI page writer, page size 999).
 *
 * <p>Setup (not measured): the partner signs in through the emulator's authorize endpoint,
 * discovery runs through Graph, one reference-host client per tenant is seeded and every tenant is
 * mapped to its client, and the jobTitle toggle is switched on (so changed titles become updates).
 */
final class BenchHost implements AutoCloseable {
  static final MspTenantId MSP = MspTenantId.of("bench-msp");
  static final FieldSyncConfig JOB_TITLE_ONLY = new FieldSyncConfig(false, false, false, true, false);

  /** One generated tenant and the client it is mapped to. */
  record Tenant(int index, EntraTenantId id, String clientId, String domain, EmulatedTenant emulated) {}

  final BenchDatabases databases;
  final TestDatabase database;
  final TimedDataSource timed;
  final StatementCounter counter;
  final JdbiStorage storage;
  final EmulatedDirectory directory = new EmulatedDirectory();
  final GraphEmulator graph;
  final GraphAdapter graphAdapter;
  final EntraIntegration integration;
  /** The use cases the workers would call: the sync the benchmark measures. */
  final WorkerUseCases work;
  final List<Tenant> tenants = new ArrayList<>();
  final CpuMeter cpu;

  /**
   * @param name database name hint
   * @param firstIndex index of the first generated tenant (tenants of different hosts never share ids)
   */
  BenchHost(BenchDatabases databases, String name, int tenantCount, int usersPerTenant, int firstIndex) {
    this.databases = databases;
    database = databases.create(name);
    timed = new TimedDataSource(database.dataSource());
    counter = new StatementCounter(timed);
    storage = JdbiStorage.builder(counter).build();
    cpu = new CpuMeter(postmasterPid(database.dataSource()));

    for (int i = firstIndex; i < firstIndex + tenantCount; i++) {
      String domain = "customer" + i + ".bench.example";
      EmulatedTenant emulated = directory.addTenant(tenantId(i), "Bench Customer " + i, domain)
          .addSyntheticUsers(String.format("c%07x", i), usersPerTenant);
      tenants.add(new Tenant(i, EntraTenantId.of(tenantId(i)), "client-" + i, domain, emulated));
    }
    graph = new GraphEmulator(directory).start();
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    graph.storeAppCredentials(secrets, MSP);
    GraphConnectionConfig graphConfig = graph.connectionConfig().readTimeout(java.time.Duration.ofSeconds(60)).build();
    // The gateway alone, for the per-user baseline and the floor that bypass the use cases.
    graphAdapter = GraphAdapter.create(graphConfig, secrets, new MicrosoftAppCredentialsResolver(secrets, env -> null));
    AtomicReference<WorkerUseCases> work = new AtomicReference<>();
    InMemoryFeatureFlagProvider flags = new InMemoryFeatureFlagProvider().enableAllPhase1(MSP);
    integration = EntraIntegration.builder()
        .edition(Edition.ENTERPRISE).secrets(secrets).flags(flags).access(StaticAccessPolicy.allowAll())
        .clock(Clock.systemUTC())
        .install(storage.withReferenceHost())
        .install(GraphAdapter.create(graphConfig))
        // No Temporal: the benchmark calls the workers' use cases itself and starts no workflow.
        .install(installation -> {
          installation.launcher(new NoLauncher());
          installation.workers(work::set);
        })
        .build();
    this.work = work.get();

    Actor admin = Actor.internal(MSP, "bench-admin");
    AuthorizationStart start = integration.startDirectConnection(admin, URI.create("https://psa.example/entra/callback"));
    Map<String, String> callback = graph.authorize(start.authorizationUrl());
    integration.completeDirectConnection(admin, callback);
    this.work.discover(MSP);
    seedClientsAndSettings(storage, tenants);
    List<MappingDecision> decisions = new ArrayList<>();
    for (Tenant t : tenants) {
      decisions.add(MappingDecision.map(t.id(), t.clientId()));
    }
    integration.confirmMappings(admin, decisions, false, false);
  }

  static String tenantId(int index) {
    return String.format("be%06x-b000-4000-8000-%012d", index, index);
  }

  /** The reference-host clients of the tenants and the settings (jobTitle toggle on). */
  static void seedClientsAndSettings(JdbiStorage storage, List<Tenant> tenants) {
    List<HostClient> clients = new ArrayList<>();
    for (Tenant t : tenants) {
      clients.add(new HostClient(t.clientId(), "Bench Customer " + t.index(), List.of("https://" + t.domain()), null, List.of()));
    }
    storage.referenceHostSeeder().insertClients(MSP, clients);
    storage.syncSettings().save(MSP, new SyncSettings(JOB_TITLE_ONLY, UserFilterConfig.DEFAULT, true,
        SyncSettings.DEFAULT_INTERVAL_MINUTES));
  }

  /**
   * A fresh database (library and reference host migrations) holding only what a sync needs before
   * it starts: the managed tenants and their clients. For the baseline and the floor.
   */
  static TestDatabase freshDatabase(BenchDatabases databases, String name, List<Tenant> tenants) {
    TestDatabase db = databases.create(name);
    seed(db, tenants);
    return db;
  }

  /** The managed tenants and their clients (and the settings) in {@code db}. */
  static void seed(TestDatabase db, List<Tenant> tenants) {
    JdbiStorage setup = JdbiStorage.create(db.dataSource());
    List<DiscoveredTenant> discovered = new ArrayList<>();
    for (Tenant t : tenants) {
      discovered.add(new DiscoveredTenant(t.id(), "Bench Customer " + t.index(), t.domain(), t.emulated().size()));
    }
    setup.managedTenants().recordDiscovery(MSP, discovered, Instant.now());
    seedClientsAndSettings(setup, tenants);
  }

  /** The process id of the PostgreSQL server behind {@code dataSource} (the parent of a backend). */
  static long postmasterPid(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      long backend = rs.getLong(1);
      return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
    } catch (SQLException e) {
      return -1;
    }
  }

  long count(String table) {
    return count(storage, MSP, table);
  }

  /** Rows of {@code table} of one MSP tenant. */
  static long count(JdbiStorage storage, MspTenantId msp, String table) {
    return storage.jdbi().withHandle(h -> h.createQuery("select count(*) from " + table + " where msp_tenant_id = :msp")
        .bind("msp", msp.value()).mapTo(Long.class).one());
  }

  @Override
  public void close() {
    integration.close();
    graphAdapter.close();
    graph.close();
    databases.drop(database);
  }
}
