package org.entrasync.temporal.benchmark;

import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.fakes.InMemoryFeatureFlagProvider;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.Actor;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.EntraTemporal;
import org.entrasync.temporal.EntraTemporalConfig;
import org.entrasync.temporal.EntraWorkers;

/**
 * The host the MSP-scale suite measures, wired as a host wires the library (the example host's
 * wiring, kept here in one place): embedded PostgreSQL with the library's and the reference host's
 * migrations behind a counting and timing data source, the Graph/identity emulator answering after
 * an injected latency, the real Graph adapter over HTTP, the facade from {@link
 * EntraIntegration#builder()}, and the in-process Temporal server running the library's worker
 * registered with {@link EntraWorkers#register} (plus an {@link ActivityTimer} interceptor; time
 * skipping off, so retry backoffs really wait).
 *
 * <p>The Graph adapter reads time from {@link #adapterClock}: the suite moves it forward between
 * runs so cached access tokens have expired when a run starts, as a daily run finds them.
 */
final class MspBenchHost implements AutoCloseable {
  static final MspTenantId MSP = MspTenantId.of("bench-msp-scale");

  final TestDatabase database;
  final TimedDataSource timed;
  final StatementCounter counter;
  final JdbiStorage storage;
  final EmulatedDirectory directory = new EmulatedDirectory();
  final GraphEmulator graph;
  final ShiftedClock adapterClock = new ShiftedClock();
  final ActivityTimer activities = new ActivityTimer();
  final TestWorkflowEnvironment temporal;
  final EntraTemporalConfig config;
  final EntraIntegration entra;
  /** The use cases the workers call (discovery without its workflow). */
  final WorkerUseCases work;
  final Actor admin = Actor.internal(MSP, "bench-admin");
  final CpuMeter cpu;
  final List<EntraTenantId> customers = new ArrayList<>();

  MspBenchHost(String name, int fanOutWindow, Duration graphLatency, Duration tokenLatency) {
    config = EntraTemporalConfig.DEFAULTS.withTaskQueue("entrasync-bench").withFanOutWindow(fanOutWindow);
    // the pool sized from the window, as the READMEs say, plus the suite's own calls (facade, figures)
    database = EmbeddedPostgresServer.createDatabase(name, EmbeddedPostgresServer.Schema.LIBRARY_AND_REFERENCE_HOST,
        config.databaseConnections(1) + 2);
    timed = new TimedDataSource(database.dataSource());
    counter = new StatementCounter(timed);
    storage = JdbiStorage.builder(counter).referenceHostIds(ReferenceHostIds.DERIVED).build();
    cpu = new CpuMeter(BenchHost.postmasterPid(database.dataSource()));

    graph = new GraphEmulator(directory).graphLatency(graphLatency).tokenLatency(tokenLatency).start();
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    graph.storeAppCredentials(secrets, MSP);
    // The library's production timeouts and retry policies, not the emulator's test-speed ones.
    GraphConnectionConfig graphConfig = graph.connectionConfig().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60)).retryPolicy(UpstreamRetryPolicy.BACKGROUND)
        .interactiveRetryPolicy(UpstreamRetryPolicy.INTERACTIVE).clock(adapterClock).build();

    temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(activities).build())
        .build());
    AtomicReference<WorkerUseCases> work = new AtomicReference<>();
    entra = EntraIntegration.builder()
        .edition(Edition.ENTERPRISE)
        .secrets(secrets)
        .flags(new InMemoryFeatureFlagProvider().enableAllPhase1(MSP))
        .access(StaticAccessPolicy.allowAll())
        .clock(Clock.systemUTC())
        .install(storage.withReferenceHost())
        .install(GraphAdapter.create(graphConfig))
        .install(EntraTemporal.of(temporal.getWorkflowClient()).config(config))
        // The history check calls discovery directly, not through its workflow.
        .install(installation -> installation.workers(work::set))
        .build();
    this.work = work.get();
    EntraWorkers.register(temporal.getWorkerFactory(), entra);
    temporal.start();
  }

  /**
   * Adds {@code count} customer tenants of {@code users} users each to the emulated directory, and a
   * reference-host client per customer whose website is the customer's domain (so "accept all
   * auto-matches" maps each customer to its client).
   */
  void addCustomers(int firstIndex, int count, int users) {
    List<HostClient> clients = new ArrayList<>();
    for (int i = firstIndex; i < firstIndex + count; i++) {
      String domain = "customer" + i + ".msp.example";
      String id = BenchHost.tenantId(i);
      directory.addTenant(id, "Customer " + i + " Ltd", domain).addSyntheticUsers(String.format("c%07x", i), users);
      customers.add(EntraTenantId.of(id));
      clients.add(new HostClient("client-" + i, "Customer " + i + " Ltd", List.of("https://www." + domain), null, List.of()));
    }
    storage.referenceHostSeeder().insertClients(MSP, clients);
  }

  /** The partner signs in through the emulator's authorize endpoint. */
  void connect() {
    var start = entra.startDirectConnection(admin, URI.create(GraphEmulator.DEFAULT_REDIRECT_URI));
    entra.completeDirectConnection(admin, graph.authorize(start.authorizationUrl()));
  }

  @Override
  public void close() {
    temporal.close();
    entra.close();
    graph.close();
    EmbeddedPostgresServer.dropDatabase(database);
  }

  /** The system clock moved forward by a settable offset (time passing between runs). */
  static final class ShiftedClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    void advance(Duration by) {
      offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }
  }
}
