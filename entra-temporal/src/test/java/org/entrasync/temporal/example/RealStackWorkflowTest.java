package org.entrasync.temporal.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.Permissions;
import org.entrasync.temporal.ScheduleSpecFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workflows with their real activities over embedded PostgreSQL, the reference host tables and
 * the HTTP emulators (page size 3, so every tenant spans several pages).
 */
class RealStackWorkflowTest {
  private static final String T1 = "11111111-0000-4000-8000-000000000001";
  private static final String T2 = "22222222-0000-4000-8000-000000000002";
  private static final String T3 = "33333333-0000-4000-8000-000000000003";
  private static final String T4 = "44444444-0000-4000-8000-000000000004";
  private static final Duration WAIT = Duration.ofMinutes(2);

  private ExampleHost host;
  private EntraIntegration entra;
  private Actor admin;

  private static String user(String tenant, int n) {
    return tenant.substring(0, 8) + "-0000-4000-8000-" + String.format("%012d", 100 + n);
  }

  private ExampleHost start() {
    ExampleHost h = new ExampleHost(false, 3);
    for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
      h.flags().set(ExampleHost.MSP, flag.name(), true);
    }
    String[][] tenants = {{T1, "Contoso", "contoso.example", "7"}, {T2, "Northwind", "northwind.example", "4"},
        {T3, "Fabrikam", "fabrikam.example", "3"}};
    for (String[] t : tenants) {
      EmulatedTenant tenant = h.directory().addTenant(t[0], t[1], t[2]);
      for (int i = 0; i < Integer.parseInt(t[3]); i++) {
        tenant.upsert(EmulatedUser.member(user(t[0], i), "user" + i + "@" + t[2], "User" + i + " " + t[1]));
      }
    }
    h.storage().referenceHostSeeder().insertClients(ExampleHost.MSP, List.of(
        new HostClient("client-contoso", "Contoso", List.of("https://contoso.example"), null, List.of()),
        new HostClient("client-northwind", "Northwind", List.of("https://northwind.example"), null, List.of()),
        new HostClient("client-fabrikam", "Fabrikam", List.of("https://fabrikam.example"), null, List.of())));
    return h;
  }

  private void connectDirectDiscoverAndMapAll() {
    host = host == null ? start() : host;
    entra = host.integration();
    admin = new Actor(ExampleHost.MSP, "admin", Actor.UserType.INTERNAL);
    host.access().grant(admin, Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
    var start = entra.startDirectConnection(admin, URI.create("https://psa.example/entra/callback"));
    entra.completeDirectConnection(admin, host.graph().authorize(start.authorizationUrl()));
    await(entra.discoverTenants(admin));
    entra.confirmMappings(admin, List.of(), true, false);
  }

  private RunStatus await(LaunchedRun run) {
    return entra.awaitRun(admin, run, WAIT).orElseThrow();
  }

  private List<HostContact> contacts() {
    return host.storage().referenceHostContacts().listContacts(ExampleHost.MSP);
  }

  private List<TenantSyncResult> tenants(LaunchedRun run) {
    return entra.runTenants(admin, run.runId());
  }

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void theInitialSyncOfSeveralTenantsCreatesEveryContactOnce() {
    connectDirectDiscoverAndMapAll();

    LaunchedRun run = entra.startInitialSync(admin);

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    assertThat(contacts()).hasSize(14).extracting(HostContact::email).doesNotHaveDuplicates();
    assertThat(tenants(run)).extracting(TenantSyncResult::status).containsOnly(TenantRunStatus.COMPLETED);
    assertThat(tenants(run)).extracting(TenantSyncResult::eligibleUsers).containsExactlyInAnyOrder(7, 4, 3);
    SyncRun row = entra.run(admin, run.runId()).orElseThrow();
    assertThat(row.counters().created()).isEqualTo(14);
    assertThat(row.processedTenants()).isEqualTo(3);
  }

  @Test
  void aTenantWithoutConsentFailsAloneAndTheRunIsPartial() {
    host = start();
    host.graph().consentMissing(T2); // the customer never consented: no token for that tenant, ever
    connectDirectDiscoverAndMapAll();
    // without consent discovery could not read the tenant's domain, so the operator maps it by hand
    entra.confirmMappings(admin, List.of(MappingDecision.map(EntraTenantId.of(T2), "client-northwind")), false, false);

    LaunchedRun run = entra.syncAllTenants(admin);

    assertThat(await(run)).isEqualTo(RunStatus.PARTIAL);
    assertThat(tenants(run)).filteredOn(t -> t.tenantId().value().equals(T2)).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(TenantRunStatus.FAILED);
      assertThat(t.error()).contains("consent missing");
    });
    assertThat(tenants(run)).filteredOn(t -> t.status() == TenantRunStatus.COMPLETED).hasSize(2);
    assertThat(contacts()).hasSize(10);
  }

  @Test
  void aCrashAfterAPageResumesThereAndEndsWithTheSameContactsAsAnUninterruptedRun() {
    connectDirectDiscoverAndMapAll();
    await(entra.startInitialSync(admin));
    List<String> uninterrupted = contacts().stream().map(RealStackWorkflowTest::describe).sorted().toList();
    host.close();

    host = start();
    connectDirectDiscoverAndMapAll();
    // Every next link fails more often than the adapter retries: the first activity attempt dies after
    // its first page; Temporal retries it and it resumes from the heartbeated cursor.
    host.graph().truncatePaging(5);
    LaunchedRun run = entra.startInitialSync(admin);

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    assertThat(contacts().stream().map(RealStackWorkflowTest::describe).sorted().toList()).isEqualTo(uninterrupted);
    assertThat(host.storage().contactLinks().listAll(ExampleHost.MSP)).hasSize(14);
    List<GraphEmulator.Call> listings = host.graph().requests(c -> c.isGraph() && c.path().endsWith("/users")
        && !c.path().contains("$count"));
    long firstPages = listings.stream().filter(c -> !c.query().containsKey("$skiptoken")).count();
    assertThat(firstPages).as("no tenant's listing restarted from its first page").isEqualTo(3);
  }

  private static String describe(HostContact c) {
    return c.clientId() + "|" + c.email() + "|" + c.fullName() + "|" + c.role() + "|" + c.inactive();
  }

  @Test
  void aRepeatedManualStartJoinsTheRunInFlight() {
    connectDirectDiscoverAndMapAll();
    host.graph().throttleGraph(3);

    LaunchedRun first = entra.syncAllTenants(admin);
    LaunchedRun second = entra.syncAllTenants(admin);

    assertThat(second.alreadyRunning()).isTrue();
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(await(first)).isEqualTo(RunStatus.COMPLETED);
    assertThat(entra.runHistory(admin, 10)).hasSize(1);
    assertThat(contacts()).hasSize(14);
  }

  @Test
  void scheduledRunsNeverProvisionButAManualRunDoes() {
    connectDirectDiscoverAndMapAll();
    host.directory().addTenant(T4, "Tailspin Toys", "tailspin.example")
        .upsert(EmulatedUser.member(user(T4, 0), "kim@tailspin.example", "Kim Park"));
    await(entra.discoverTenants(admin));
    entra.confirmMappings(admin, List.of(MappingDecision.createNew(EntraTenantId.of(T4))), false, false);

    LaunchedRun scheduled = host.launcher().startSync(ExampleHost.MSP, SyncKind.SCHEDULED, null, false, ScheduleSpecFactory.SCHEDULE_ACTOR);
    assertThat(await(scheduled)).isEqualTo(RunStatus.COMPLETED);
    assertThat(host.storage().referenceHostClients().listClients(ExampleHost.MSP)).hasSize(3);
    assertThat(entra.activeMappings(admin)).filteredOn(m -> m.tenantId().value().equals(T4)).singleElement()
        .satisfies(m -> assertThat(m.state()).isEqualTo(MappingState.CREATE_NEW));

    assertThat(await(entra.syncAllTenants(admin))).isEqualTo(RunStatus.COMPLETED);
    assertThat(host.storage().referenceHostClients().listClients(ExampleHost.MSP)).hasSize(4);
    assertThat(contacts()).filteredOn(c -> c.email().equals("kim@tailspin.example")).hasSize(1);
  }

  @Test
  void aDeltaRunAfterChangesTouchesOnlyTheChangedUsers() {
    connectDirectDiscoverAndMapAll();
    LaunchedRun initial = entra.startInitialSync(admin);
    await(initial);
    SyncCounters first = entra.run(admin, initial.runId()).orElseThrow().counters();
    int linkedBefore = first.created() + first.linked();
    host.directory().requireTenant(T1).disable(user(T1, 2));
    host.directory().requireTenant(T2).delete(user(T2, 1));
    host.directory().requireTenant(T3).upsert(EmulatedUser.member(user(T3, 9), "new@fabrikam.example", "New Person"));

    LaunchedRun run = entra.syncAllTenants(admin);

    assertThat(await(run)).isEqualTo(RunStatus.COMPLETED);
    SyncRun row = entra.run(admin, run.runId()).orElseThrow();
    assertThat(row.counters().inactivated()).isEqualTo(2);
    assertThat(row.counters().created()).isEqualTo(1);
    // a delta round lists only the changes, and counts the linked users it did not hear about as unchanged
    assertThat(row.counters().unchanged()).isEqualTo(linkedBefore - 2);
    assertThat(row.counters().total()).isEqualTo(linkedBefore + 1);
    assertThat(row.counters().updated() + row.counters().skipped() + row.counters().linked()).isZero();
    assertThat(contacts()).filteredOn(c -> c.email().equals("user2@contoso.example")).singleElement()
        .satisfies(c -> assertThat(c.inactiveReason()).isEqualTo("disabled_upstream"));
    assertThat(contacts()).filteredOn(c -> c.email().equals("user1@northwind.example")).singleElement()
        .satisfies(c -> assertThat(c.inactiveReason()).isEqualTo("deleted_upstream"));
  }

  private void connectCippAndSync() {
    host = start();
    entra = host.integration();
    admin = new Actor(ExampleHost.MSP, "admin", Actor.UserType.INTERNAL);
    host.access().grant(admin, Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
    EmulatedTenant big = host.directory().requireTenant(T1);
    for (int i = 7; i < 20; i++) {
      big.upsert(EmulatedUser.member(user(T1, i), "user" + i + "@contoso.example", "User" + i + " Contoso"));
    }
    entra.connectCipp(admin, CippCredentials.withToken(host.cipp().baseUrl(), ExampleHost.CIPP_TOKEN));
    await(entra.discoverTenants(admin));
    entra.confirmMappings(admin, List.of(), true, false);
    assertThat(await(entra.startInitialSync(admin))).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aCompleteListingInactivatesDeletedUsersButACutOffOneOrATrippedThresholdInactivatesNothing() {
    connectCippAndSync();
    EmulatedTenant contoso = host.directory().requireTenant(T1);

    // a cut-off listing: the tenant fails, nothing is inferred
    contoso.delete(user(T1, 0));
    host.cipp().fault(org.entrasync.adapters.cipp.testing.CippEmulator.Fault.fromScenarioKind("truncatePaging"), 50);
    LaunchedRun cut = entra.syncClient(admin, "client-contoso");
    await(cut);
    assertThat(tenants(cut)).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo(TenantRunStatus.FAILED));
    assertThat(contacts()).filteredOn(HostContact::inactive).isEmpty();
    host.cipp().clearFaults();

    // a complete listing: the deleted user's contact becomes inactive, deleted upstream
    LaunchedRun complete = entra.syncClient(admin, "client-contoso");
    assertThat(await(complete)).isEqualTo(RunStatus.COMPLETED);
    assertThat(contacts()).filteredOn(HostContact::inactive).singleElement()
        .satisfies(c -> assertThat(c.inactiveReason()).isEqualTo("deleted_upstream"));

    // more than half of at least 10 linked users vanish at once: refused, reported, nothing inactivated
    for (int i = 1; i <= 12; i++) {
      contoso.delete(user(T1, i));
    }
    LaunchedRun tripped = entra.syncClient(admin, "client-contoso");
    assertThat(await(tripped)).isEqualTo(RunStatus.COMPLETED);
    assertThat(tenants(tripped)).singleElement().satisfies(t -> assertThat(t.error()).contains("No contact was inactivated"));
    assertThat(contacts()).filteredOn(HostContact::inactive).hasSize(1);
  }
}
