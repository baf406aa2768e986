package org.entrasync.temporal.example;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.observe.LogKeys;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.RunProgressView;
import org.entrasync.core.port.in.TenantOverview;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.internal.sync.TenantSyncService;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.Permissions;
import org.entrasync.spi.SecretKeys;
import org.entrasync.temporal.MicrometerSyncObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees of a real sync on the test stack (PostgreSQL, the Temporal test server with the
 * worker and its log interceptor, the Graph emulator): the log lines and their MDC keys, the Micrometer
 * meters, and the read models, with a tenant whose customer never consented failing alone.
 */
class OperatorVisibilityTest {
  private static final String T1 = "11111111-0000-4000-8000-000000000001";
  private static final String T2 = "22222222-0000-4000-8000-000000000002";
  private static final String T3 = "33333333-0000-4000-8000-000000000003";
  /** A recognisable app secret the connection really uses: it must never reach a log line. */
  private static final String PLANTED_SECRET = "PLANTED-app-secret-7f3c9e1d";
  private static final String PLANTED_CLIENT = "planted-client-id";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger tenantSync = (Logger) LoggerFactory.getLogger(TenantSyncService.class);
  private Level tenantSyncLevel;
  private ExampleHost host;

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
    tenantSyncLevel = tenantSync.getLevel();
    tenantSync.setLevel(Level.DEBUG); // the per-page lines
  }

  @AfterEach
  void close() {
    root.detachAppender(logs);
    tenantSync.setLevel(tenantSyncLevel);
    if (host != null) {
      host.close();
    }
  }

  private List<ILoggingEvent> events() {
    synchronized (logs) {
      return new ArrayList<>(logs.list);
    }
  }

  @Test
  void aRealSyncLogsWithItsMdcKeysPublishesMetricsAndIsReadableFromTheDatabase() {
    host = ExampleHost.observedBy(new MicrometerSyncObserver(registry), 3);
    for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
      host.flags().set(ExampleHost.MSP, flag.name(), true);
    }
    List<String> addresses = new ArrayList<>();
    String[][] tenants = {{T1, "Contoso", "contoso.example", "7"}, {T2, "Northwind", "northwind.example", "4"},
        {T3, "Fabrikam", "fabrikam.example", "3"}};
    for (String[] t : tenants) {
      EmulatedTenant tenant = host.directory().addTenant(t[0], t[1], t[2]);
      for (int i = 0; i < Integer.parseInt(t[3]); i++) {
        String address = "person" + i + "@" + t[2];
        addresses.add(address);
        tenant.upsert(EmulatedUser.member(t[0].substring(0, 8) + "-0000-4000-8000-" + String.format("%012d", 100 + i),
            address, "Person" + i + " " + t[1]));
      }
    }
    host.storage().referenceHostSeeder().insertClients(ExampleHost.MSP, List.of(
        new HostClient("client-contoso", "Contoso", List.of("https://contoso.example"), null, List.of()),
        new HostClient("client-northwind", "Northwind", List.of("https://northwind.example"), null, List.of()),
        new HostClient("client-fabrikam", "Fabrikam", List.of("https://fabrikam.example"), null, List.of())));
    host.graph().registerApp(PLANTED_CLIENT, PLANTED_SECRET);
    host.secrets().putTenantSecret(ExampleHost.MSP, SecretKeys.MICROSOFT_CLIENT_ID, PLANTED_CLIENT);
    host.secrets().putTenantSecret(ExampleHost.MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, PLANTED_SECRET);
    host.graph().consentMissing(T2);

    EntraIntegration entra = host.integration();
    Actor admin = new Actor(ExampleHost.MSP, "admin", Actor.UserType.INTERNAL);
    host.access().grant(admin, Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
    var start = entra.startDirectConnection(admin, URI.create("https://psa.example/entra/callback"));
    entra.completeDirectConnection(admin, host.graph().authorize(start.authorizationUrl()));
    entra.awaitRun(admin, entra.discoverTenants(admin), Duration.ofMinutes(2)).orElseThrow();
    entra.confirmMappings(admin, List.of(MappingDecision.map(EntraTenantId.of(T2), "client-northwind")), true, false);

    // Graph throttles a next-page request of the sync (Retry-After: 1 s): a short wait the adapter takes in
    // process, on its page-prefetch thread (Contoso's 7 users come in pages of 3)
    host.graph().retryAfterSeconds(1).throttleUserPages(1);
    LaunchedRun run = entra.syncAllTenants(admin);
    try {
      assertThat(entra.awaitRun(admin, run, Duration.ofMinutes(2)).orElseThrow()).isEqualTo(RunStatus.PARTIAL);
    } finally {
      host.graph().clearFaults();
    }
    List<ILoggingEvent> events = events();

    // ---- logs: one INFO line per run start and finish and per tenant, each with its MDC keys
    assertThat(lines(events, SyncRunService.class, Level.INFO, "Sync run " + run.runId() + " started")).singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap())
            .containsEntry(LogKeys.MSP, ExampleHost.MSP.value())
            .containsEntry(LogKeys.RUN_ID, run.runId())
            .containsKey(LogKeys.WORKFLOW_ID));
    assertThat(lines(events, SyncRunService.class, Level.INFO, "Sync run " + run.runId() + " finished partial"))
        .singleElement().satisfies(e -> {
          assertThat(e.getFormattedMessage()).contains("3 of 3 tenant(s) (1 failed)").contains("created=10");
          assertThat(e.getMDCPropertyMap()).containsEntry(LogKeys.MSP, ExampleHost.MSP.value())
              .containsEntry(LogKeys.RUN_ID, run.runId());
        });
    for (String tenant : List.of(T1, T3)) {
      assertThat(lines(events, SyncRunService.class, Level.INFO, "Tenant " + tenant + " finished completed"))
          .as(tenant).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap())
              .containsEntry(LogKeys.MSP, ExampleHost.MSP.value())
              .containsEntry(LogKeys.RUN_ID, run.runId())
              .containsEntry(LogKeys.MANAGED_TENANT_ID, tenant)
              .containsEntry(LogKeys.WORKFLOW_ID, org.entrasync.temporal.WorkflowIds.tenant(ExampleHost.MSP, EntraTenantId.of(tenant))));
    }
    assertThat(lines(events, SyncRunService.class, Level.WARN, "Tenant " + T2 + " failed")).singleElement()
        .satisfies(e -> {
          assertThat(e.getFormattedMessage()).contains("consent");
          assertThat(e.getMDCPropertyMap()).containsEntry(LogKeys.MANAGED_TENANT_ID, T2);
        });
    // DEBUG per page: 7 users in pages of 3 is three pages
    assertThat(lines(events, TenantSyncService.class, Level.DEBUG, "Tenant " + T1 + ": page"))
        .hasSize(3).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry(LogKeys.MANAGED_TENANT_ID, T1)
            .containsEntry(LogKeys.RUN_ID, run.runId()));
    // WARN per throttling wait taken in process, with the keys of the tenant whose listing waited, on
    // whichever thread waited
    List<ILoggingEvent> waits = events.stream()
        .filter(e -> e.getLoggerName().equals(UpstreamRetry.class.getName()) && e.getLevel() == Level.WARN)
        .filter(e -> e.getFormattedMessage().startsWith("listing users of tenant "))
        .toList();
    assertThat(waits).isNotEmpty().allSatisfy(e -> {
      String tenant = e.getFormattedMessage().substring("listing users of tenant ".length()).split(" ")[0];
      assertThat(e.getMDCPropertyMap()).containsEntry(LogKeys.MSP, ExampleHost.MSP.value())
          .containsEntry(LogKeys.MANAGED_TENANT_ID, tenant).containsEntry(LogKeys.RUN_ID, run.runId());
    });
    assertThat(waits).anySatisfy(e -> assertThat(e.getThreadName()).startsWith("entrasync-graph-prefetch"));
    // the expected rejection (no consent) is not logged by the worker as a failure with a stack trace
    assertThat(events).filteredOn(e -> e.getLoggerName().startsWith("io.temporal"))
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getThrowableProxy() != null)
        .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    // never a secret or token, anywhere; never a user's address at INFO or above
    List<String> secrets = new ArrayList<>(List.of(PLANTED_SECRET));
    for (String key : List.of(SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN)) {
      secrets.add(host.secrets().getTenantSecret(ExampleHost.MSP, key).orElseThrow());
    }
    for (ILoggingEvent e : events) {
      String text = e.getFormattedMessage() + " " + e.getMDCPropertyMap()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
      assertThat(text).as("log line of %s", e.getLoggerName()).doesNotContain(secrets);
      if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
        assertThat(text).as("log line of %s", e.getLoggerName()).doesNotContain(addresses);
      }
    }

    // ---- metrics (no msp tag by default)
    assertThat(registry.get("entrasync.runs.started").tags("kind", "all", "dry_run", "false").counter().count()).isEqualTo(1);
    assertThat(registry.get("entrasync.run.duration").tags("kind", "all", "status", "partial").timer().count()).isEqualTo(1);
    assertThat(registry.get("entrasync.tenant.sync.duration").tags("status", "completed").timer().count()).isEqualTo(2);
    assertThat(registry.get("entrasync.tenant.sync.duration").tags("status", "failed").timer().count()).isEqualTo(1);
    assertThat(registry.get("entrasync.tenant.users").tags("action", "created").counter().count()).isEqualTo(10);
    assertThat(registry.get("entrasync.pages.applied").counter().count()).isEqualTo(4); // Contoso 3 + Fabrikam 1
    // every wait taken in process is a throttling event of the tenant's scope (none was handed to Temporal)
    assertThat(registry.get("entrasync.upstream.throttled").tags("scope", "tenant").timer().count())
        .isGreaterThanOrEqualTo(waits.size());
    assertThat(registry.get("entrasync.upstream.throttled").tags("scope", "tenant").timer().max(TimeUnit.SECONDS))
        .isEqualTo(1.0);
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("msp")).isNull());

    // ---- read models, from the database
    List<TenantOverview> overview = entra.tenantOverview(admin);
    assertThat(overview).extracting(TenantOverview::displayName).containsExactly("Contoso", "Fabrikam", "Northwind");
    assertThat(overview).allSatisfy(t -> {
      assertThat(t.mappingState()).isEqualTo(MappingState.MAPPED);
      assertThat(t.lastSync().runId()).isEqualTo(run.runId());
      assertThat(t.lastSync().finishedAt()).isNotNull();
    });
    assertThat(overview.get(0).lastSync().status()).isEqualTo(TenantRunStatus.COMPLETED);
    assertThat(overview.get(0).lastSync().counters().created()).isEqualTo(7);
    assertThat(overview.get(0).eligibleUsers()).isEqualTo(7);
    assertThat(overview.get(2).lastSync().status()).isEqualTo(TenantRunStatus.FAILED);
    assertThat(overview.get(2).lastSync().error()).contains("consent");
    RunProgressView progress = entra.runProgress(admin, run.runId()).orElseThrow();
    assertThat(progress.inFlight()).isFalse();
    assertThat(progress.processedTenants()).isEqualTo(3);
    assertThat(progress.failedTenants()).isEqualTo(1);
    assertThat(progress.countersSoFar().created()).isEqualTo(10);
    assertThat(entra.runsInFlight(admin)).isEmpty();
  }

  @Test
  void anOperatorsValidationThatGraphThrottlesIsTheMspsThrottlingEventAndItsWaitLineNamesTheMsp() {
    host = ExampleHost.observedBy(new MicrometerSyncObserver(registry), 3);
    host.flags().set(ExampleHost.MSP, FeatureFlags.UI, true);
    host.graph().registerApp(PLANTED_CLIENT, PLANTED_SECRET);
    host.secrets().putTenantSecret(ExampleHost.MSP, SecretKeys.MICROSOFT_CLIENT_ID, PLANTED_CLIENT);
    host.secrets().putTenantSecret(ExampleHost.MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, PLANTED_SECRET);
    EntraIntegration entra = host.integration();
    Actor admin = new Actor(ExampleHost.MSP, "admin", Actor.UserType.INTERNAL);
    host.access().grant(admin, Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
    var start = entra.startDirectConnection(admin, URI.create("https://psa.example/entra/callback"));
    entra.completeDirectConnection(admin, host.graph().authorize(start.authorizationUrl()));
    int before = events().size();

    // the connection check's Graph request answers 429 with Retry-After: 1 s, which the operator's call
    // waits out in process
    host.graph().retryAfterSeconds(1).throttleGraph(1);
    assertThat(entra.validateConnection(admin).status()).isEqualTo(ConnectionStatus.CONNECTED);

    List<ILoggingEvent> waits = events().subList(before, events().size()).stream()
        .filter(e -> e.getLoggerName().equals(UpstreamRetry.class.getName()) && e.getLevel() == Level.WARN)
        .toList();
    assertThat(waits).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap())
        .containsEntry(LogKeys.MSP, ExampleHost.MSP.value()).doesNotContainKey(LogKeys.MANAGED_TENANT_ID));
    assertThat(registry.get("entrasync.upstream.throttled").tags("scope", "partner").timer().count()).isEqualTo(1);
    assertThat(registry.get("entrasync.upstream.throttled").tags("scope", "partner").timer().max(TimeUnit.SECONDS))
        .isEqualTo(1.0);
  }

  private static List<ILoggingEvent> lines(List<ILoggingEvent> events, Class<?> logger, Level level, String prefix) {
    return events.stream()
        .filter(e -> e.getLoggerName().equals(logger.getName()) && e.getLevel() == level)
        .filter(e -> e.getFormattedMessage().startsWith(prefix))
        .toList();
  }
}
