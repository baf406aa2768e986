package org.entrasync.temporal.example;

import java.time.Duration;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.core.fakes.InMemoryFeatureFlagProvider;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;
import org.entrasync.temporal.TemporalSyncLauncher;
import org.entrasync.temporal.testing.InMemoryScheduleGateway;
import org.entrasync.temporal.testing.LocalStack;

/**
 * A host PSA wired for real, the way a host developer wires the library, on the published test kit
 * ({@link LocalStack}): embedded PostgreSQL with the library's and the reference host's migrations,
 * the in-process Temporal server running the library's worker, local emulators of Microsoft Graph /
 * the identity platform and of CIPP (sharing one emulated directory), a filesystem-then-environment
 * secret provider, and in-memory flags and access policy.
 */
public final class ExampleHost implements AutoCloseable {
  /** The MSP tenant every scenario plays as. */
  public static final MspTenantId MSP = MspTenantId.of("example-msp");
  /** The bearer token the CIPP emulator accepts and the example connects with. */
  public static final String CIPP_TOKEN = LocalStack.CIPP_TOKEN;
  /**
   * Users per page when playing scenarios ({@link #forScenarios}): the tenant sync's page, hence
   * Graph's {@code $top} and CIPP's chunks, and the Graph emulator's delta rounds. Small on purpose:
   * the scenarios' directories are small, and this way they are still read over several pages, so
   * next links, resume cursors and page-by-page writes are exercised end to end (and the {@code
   * truncatePaging} fault has next links to break).
   */
  public static final int SCENARIO_PAGE_SIZE = 3;

  private final LocalStack stack;
  /** The worker factory polling now: the stack's, or the one {@link #restartWorker} started. */
  private io.temporal.worker.WorkerFactory workers;
  /** The host's contact directory as the library sees it, failing a write once when armed (chaos). */
  private final org.entrasync.core.fakes.FaultyHostContactDirectory hostFaults;

  public ExampleHost(boolean emailsUniquePerTenant) {
    this(emailsUniquePerTenant, DirectoryGateway.ListingRequest.DEFAULT_PAGE_SIZE);
  }

  /** @param pageSize users per page of a tenant sync (small values make multi-page tests cheap) */
  public ExampleHost(boolean emailsUniquePerTenant, int pageSize) {
    this(stack(emailsUniquePerTenant, pageSize, null, null));
  }

  /** The host on a stack started with other options (the facade tests wrap its launcher and flags). */
  ExampleHost(LocalStack.Builder options) {
    this(options.start());
  }

  private ExampleHost(LocalStack stack) {
    this(stack, null);
  }

  private ExampleHost(LocalStack stack, org.entrasync.core.fakes.FaultyHostContactDirectory hostFaults) {
    this.stack = stack;
    this.workers = stack.workerFactory();
    this.hostFaults = hostFaults;
    // The host's Microsoft app registration, configured once per MSP tenant as tenant secrets.
    stack.storeAppCredentials(MSP);
  }

  /** Connections the example host's own calls (the facade on the caller's thread) use beside the worker's. */

  /** The host the scenario runner plays on: pages of {@link #SCENARIO_PAGE_SIZE} users everywhere. */
  public static ExampleHost forScenarios(boolean emailsUniquePerTenant) {
    return new ExampleHost(stack(emailsUniquePerTenant, SCENARIO_PAGE_SIZE, SCENARIO_PAGE_SIZE, null));
  }

  /**
   * The host for one scenario file: its reference-host options and its {@code timing} (FORMAT.md),
   * with pages of {@link #SCENARIO_PAGE_SIZE} users everywhere.
   */
  public static ExampleHost forScenario(com.fasterxml.jackson.databind.JsonNode scenario) {
    return new ExampleHost(stack(ScenarioRunner.wantsEmailsUniquePerTenant(scenario), SCENARIO_PAGE_SIZE, SCENARIO_PAGE_SIZE,
        ScenarioRunner.heartbeatTimeout(scenario).orElse(null)));
  }

  /**
   * The example's options of the local stack.
   *
   * @param deltaPageSize entries per page of the Graph emulator's delta rounds; null: its default
   * @param heartbeatTimeout the activities' heartbeat timeout; null: the production default
   */
  static LocalStack.Builder options(boolean emailsUniquePerTenant, int pageSize, Integer deltaPageSize,
      Duration heartbeatTimeout) {
    LocalStack.Builder options = LocalStack.builder()
        .databaseName("example")
        .emailsUniquePerTenant(emailsUniquePerTenant)
        .referenceHostIds(ReferenceHostIds.DERIVED)
        .pageSize(pageSize)
        .temporalConfig(c -> {
          c = c.withTaskQueue("entrasync-example").withRetry(Duration.ofMillis(200), Duration.ofSeconds(2), 3);
          return heartbeatTimeout == null ? c : c.withHeartbeatTimeout(heartbeatTimeout);
        });
    if (deltaPageSize != null) {
      options.graphDeltaPageSize(deltaPageSize);
    }
    return options;
  }

  /**
   * The host the chaos suite plays its histories on: pages of {@link #SCENARIO_PAGE_SIZE} users, the
   * given heartbeat timeout (a worker killed mid-activity is noticed that soon), and with {@code
   * portWriter} pages written through the host contact directory port over the reference host tables
   * (the path of hosts whose contacts live elsewhere, where {@link #hostFaults()} can fail a page's
   * host writes) instead of the reference host's one-transaction writer. With {@code killableWorker}
   * the worker runs without sticky execution, so {@link #restartWorker} may kill it at any moment:
   * the in-process test server never hands a workflow task that waits on a dead worker's sticky queue
   * back to the shared queue (a real server does after the sticky schedule-to-start timeout), and a
   * worker whose sticky timeout is zero never asks for one, so every workflow task goes to the shared
   * queue the new worker polls.
   */
  public static ExampleHost forChaos(boolean portWriter, Duration heartbeatTimeout, boolean killableWorker) {
    LocalStack.Builder options = options(false, SCENARIO_PAGE_SIZE, SCENARIO_PAGE_SIZE, heartbeatTimeout);
    if (killableWorker) {
      options.workerOptions(io.temporal.worker.WorkerOptions.newBuilder()
          .setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    }
    if (!portWriter) {
      // the one-transaction writer never calls the port for a page: armed faults there fail nothing
      LocalStack stack = options.start();
      return new ExampleHost(stack,
          new org.entrasync.core.fakes.FaultyHostContactDirectory(stack.storage().referenceHostContacts()));
    }
    org.entrasync.core.fakes.FaultyHostContactDirectory[] faulty = new org.entrasync.core.fakes.FaultyHostContactDirectory[1];
    LocalStack stack = options.referenceHostThroughPorts(contacts ->
        faulty[0] = new org.entrasync.core.fakes.FaultyHostContactDirectory(contacts)).start();
    return new ExampleHost(stack, faulty[0]);
  }

  /** A host whose syncs are observed by {@code observer} (metrics tests), pages of {@code pageSize} users. */
  public static ExampleHost observedBy(org.entrasync.core.port.out.SyncObserver observer, int pageSize) {
    return new ExampleHost(options(false, pageSize, null, null).customize((stack, builder) -> builder.observer(observer)));
  }

  private static LocalStack stack(boolean emailsUniquePerTenant, int pageSize, Integer deltaPageSize,
      Duration heartbeatTimeout) {
    return options(emailsUniquePerTenant, pageSize, deltaPageSize, heartbeatTimeout).start();
  }

  public EntraIntegration integration() { return stack.integration(); }
  public LocalStack stack() { return stack; }
  public JdbiStorage storage() { return stack.storage(); }
  public EmulatedDirectory directory() { return stack.directory(); }
  public GraphEmulator graph() { return stack.graph(); }
  public CippEmulator cipp() { return stack.cipp(); }
  public SecretProvider secrets() { return stack.secrets(); }
  public InMemoryFeatureFlagProvider flags() { return stack.flags(); }
  public StaticAccessPolicy access() { return stack.access(); }
  public TemporalSyncLauncher launcher() { return stack.launcher(); }
  /** The Temporal client, to read workflow histories (attempts, timeouts) after a scenario. */
  public io.temporal.client.WorkflowClient workflowClient() { return stack.workflowClient(); }
  InMemoryScheduleGateway schedules() { return stack.schedules(); }
  /**
   * The host's contact directory as the library's port writer sees it ({@link #forChaos} with the port
   * writer): it fails a write once when armed. On other hosts arming it fails nothing.
   */
  public org.entrasync.core.fakes.FaultyHostContactDirectory hostFaults() {
    if (hostFaults == null) {
      throw new IllegalStateException("Only a chaos host (ExampleHost.forChaos) injects host write faults");
    }
    return hostFaults;
  }
  /** The host's database (the chaos suite drops its connections mid-page). */
  public org.entrasync.adapters.jdbi.testing.TestDatabase database() { return stack.database(); }

  /**
   * Kills the worker (its activities interrupted mid-flight, their results never reported) and starts
   * a new one on the same test server, as a host's worker process restarted by its supervisor would.
   */
  public synchronized void restartWorker() {
    workers.shutdownNow();
    workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    workers = io.temporal.worker.WorkerFactory.newInstance(stack.workflowClient(),
        io.temporal.worker.WorkerFactoryOptions.newBuilder()
            .setWorkerInterceptors(org.entrasync.temporal.EntraWorkers.logContextInterceptor()).build());
    if (stack.workerOptions().isPresent()) {
      org.entrasync.temporal.EntraWorkers.register(workers, stack.integration(), stack.workerOptions().get());
    } else {
      org.entrasync.temporal.EntraWorkers.register(workers, stack.integration());
    }
    workers.start();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (workers != stack.workerFactory()) {
        workers.shutdownNow();
      }
    }
    stack.close();
  }
}
