package org.entrasync.temporal.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.in.ConfirmResult;
import org.entrasync.core.port.in.ConnectionView;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.FacadeCall;
import org.entrasync.core.port.in.SettingsChange;
import org.entrasync.core.port.in.SettingsView;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.queue.QueueEntry;
import org.entrasync.core.rules.MatchReason;
import org.entrasync.core.rules.TenantMatch;
import org.entrasync.core.sync.DryRunEntry;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation of the {@link EntraIntegration} facade, called through the facade against the
 * real stack of the example host: embedded PostgreSQL with the library's and the reference host's
 * migrations, the in-process Temporal server running the library's worker, the Graph/identity and
 * CIPP emulators over one emulated directory, and the filesystem+environment secret provider.
 *
 * <p>Each nested group has its own host, and its tests build on each other in order (a wizard is
 * a sequence). "Writes nothing" is checked with {@link FacadeSnapshot}: every row of every table,
 * the connection secrets, schedules, flags, and the workflow starts that reached Temporal.
 */
class EntraIntegrationFacadeTest {
  private static final MspTenantId MSP = ExampleHost.MSP;
  /** A second MSP tenant of the same host database (its data is seeded through the reference host). */
  private static final MspTenantId OTHER_MSP = MspTenantId.of("other-msp");
  /** Public methods of the facade that are wiring, not operations: they reach no data and no use case. */
  private static final java.util.Set<String> WIRING_ACCESSORS = java.util.Set.of("installed", "close");

  private static final String GRAPH = "https://graph.microsoft.com/";

  private static String uid(int tenant, int user) {
    return String.format("a%07d-0000-4000-8000-%012d", tenant, user);
  }

  private static EmulatedUser member(String id, String email, String name) {
    return EmulatedUser.member(id, email, name);
  }

  /**
   * The view without its next scheduled sync: the example's in-memory schedule answers "now plus the
   * interval", a moving instant, so views taken at two moments are compared without it.
   */
  private static ConnectionView stable(ConnectionView v) {
    return new ConnectionView(v.type(), v.status(), v.connectedAt(), v.lastValidatedAt(), v.lastValidationError(),
        v.lastDiscoveryAt(), v.mappedTenants(), v.nextScheduledSync() == null ? null : Instant.EPOCH, v.scheduleProblem());
  }

  private static RefusedException refusal(Throwable thrown, Refusal expected, String what) {
    assertThat(thrown).as("%s is refused with %s", what, expected).isInstanceOf(RefusedException.class);
    RefusedException refused = (RefusedException) thrown;
    assertThat(refused.refusal()).as("%s: %s", what, refused.getMessage()).isEqualTo(expected);
    assertThat(refused.getMessage()).as("%s: operator message", what).isNotBlank();
    return refused;
  }

  // =============================================================================================
  @Nested
  @DisplayName("flags and connection lifecycle")
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class ConnectionLifecycle {
    private static final String ADATUM = "3b2d1f66-0000-4b22-8b22-000000000001";

    private FacadeHost h;
    private EntraIntegration facade;
    private Actor admin;

    @BeforeAll
    void start() {
      h = new FacadeHost();
      facade = h.facade;
      admin = h.admin();
      h.host.directory().addTenant(ADATUM, "Adatum Corporation", "adatum.example")
          .upsert(member(uid(9, 1), "ann@adatum.example", "Ann Archer"))
          .upsert(member(uid(9, 2), "ben@adatum.example", "Ben Baker"));
      h.clients(MSP, FacadeHost.client("client-adatum", "Adatum", "https://adatum.example"));
    }

    @AfterAll
    void stop() {
      h.close();
    }

    @Test
    @Order(1)
    void ensurePhase1FlagsCreatesTheFiveDefinitionsOffAndIsIdempotentAndTargetingPassesThrough() {
      assertThat(h.hostFlags().definitions()).isEmpty();
      List<String> phase1 = FeatureFlags.PHASE_1.stream().map(FeatureFlags.FlagDefinition::name).toList();

      // Step 2 of the rollout: the flags are created while everything is still off (the UI flag too).
      assertThat(facade.ensurePhase1Flags(admin)).containsExactlyElementsOf(phase1);
      assertThat(h.hostFlags().definitions()).containsExactlyElementsOf(FeatureFlags.PHASE_1);
      for (String flag : phase1) {
        assertThat(h.hostFlags().isEnabled(MSP, flag)).as("%s is created off", flag).isFalse();
      }
      assertThat(facade.ensurePhase1Flags(admin)).as("second call creates none").isEmpty();
      assertThat(h.hostFlags().definitions()).hasSize(5);

      // Tenant targeting passes through to the host's provider, for the named tenant only.
      Actor operator = h.operator();
      facade.addFlagTarget(operator, FeatureFlags.UI, MSP);
      assertThat(h.hostFlags().isEnabled(MSP, FeatureFlags.UI)).isTrue();
      assertThat(h.hostFlags().isEnabled(OTHER_MSP, FeatureFlags.UI)).isFalse();
      assertThat(h.hostFlags().isEnabled(MSP, FeatureFlags.CIPP)).isFalse();

      FacadeSnapshot before = h.snapshot(MSP, OTHER_MSP);
      refusal(catchThrowable(() -> facade.addFlagTarget(operator, "entra-integration-everything", MSP)),
          Refusal.VALIDATION, "targeting a flag that is not a Phase 1 flag");
      h.snapshot(MSP, OTHER_MSP).assertSameAs(before, "refused addFlagTarget");

      for (String flag : phase1) {
        facade.addFlagTarget(operator, flag, MSP);
      }
      assertThat(phase1).allMatch(flag -> h.hostFlags().isEnabled(MSP, flag));
      assertThat(facade.ensurePhase1Flags(admin)).as("an existing flag keeps its targeting").isEmpty();
      assertThat(h.hostFlags().isEnabled(MSP, FeatureFlags.UI)).isTrue();
    }

    @Test
    @Order(2)
    void startDirectConnectionReturnsAPkceAuthorizationUrlAndWritesNothing() {
      FacadeSnapshot before = h.snapshot();
      Instant now = Instant.now();
      AuthorizationStart start = facade.startDirectConnection(admin, FacadeHost.REDIRECT_URI);

      HttpUrl url = HttpUrl.get(start.authorizationUrl().toString());
      assertThat(url.encodedPath()).endsWith("/oauth2/v2.0/authorize");
      assertThat(url.queryParameter("response_type")).isEqualTo("code");
      assertThat(url.queryParameter("client_id")).isEqualTo(h.host.graph().clientId());
      assertThat(url.queryParameter("redirect_uri")).isEqualTo(FacadeHost.REDIRECT_URI.toString());
      assertThat(url.queryParameter("state")).isNotBlank().isEqualTo(start.state());
      assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
      assertThat(url.queryParameter("code_challenge")).matches("[A-Za-z0-9_-]{43}");
      assertThat(url.queryParameter("scope").split(" ")).containsExactlyInAnyOrder("openid", "offline_access",
          GRAPH + "User.Read", GRAPH + "DelegatedAdminRelationship.Read.All", GRAPH + "User.Read.All");
      assertThat(start.expiresAt()).isBetween(now.plus(Duration.ofMinutes(9)), now.plus(Duration.ofMinutes(11)));

      AuthorizationStart second = facade.startDirectConnection(admin, FacadeHost.REDIRECT_URI);
      assertThat(second.state()).as("a fresh state per sign-in").isNotEqualTo(start.state());
      assertThat(HttpUrl.get(second.authorizationUrl().toString()).queryParameter("code_challenge"))
          .isNotEqualTo(url.queryParameter("code_challenge"));

      h.snapshot().assertSameAs(before, "starting the sign-in");
      assertThat(facade.connectionStatus(admin).type()).isNull();
    }

    @Test
    @Order(3)
    void completingTheCallbackStoresTheTokensAndConnects() {
      AuthorizationStart start = facade.startDirectConnection(admin, FacadeHost.REDIRECT_URI);
      Map<String, String> callback = h.host.graph().authorize(start.authorizationUrl());
      assertThat(callback).containsKeys("code", "state");

      ConnectionView view = facade.completeDirectConnection(admin, callback);

      assertThat(view.type()).isEqualTo(ConnectionType.DIRECT);
      assertThat(view.status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(view.connectedAt()).isNotNull();
      assertThat(view.lastValidatedAt()).isNotNull();
      assertThat(view.lastValidationError()).isNull();
      assertThat(view.lastDiscoveryAt()).isNull();
      assertThat(view.mappedTenants()).isZero();
      assertThat(view.nextScheduledSync()).isNull();
      assertThat(facade.presentSecretNames(admin)).containsExactlyElementsOf(
          SecretKeys.DIRECT_CONNECTION_KEYS.stream().sorted().toList());
      assertThat(h.host.secrets().getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID))
          .contains(h.host.graph().partnerTenantId());
      assertThat(h.host.secrets().getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE)).isPresent();
      assertThat(Instant.parse(h.host.secrets().getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT).orElseThrow()))
          .isAfter(Instant.now());
      String tokens = h.host.secrets().getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN).orElseThrow()
          + h.host.secrets().getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).orElseThrow();
      assertThat(tokens).isNotBlank();
      assertThat(view.toString()).doesNotContain(
          h.host.secrets().getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN).orElseThrow());

      // The state is single use: replaying the callback is rejected and writes nothing.
      FacadeSnapshot before = h.snapshot();
      Throwable replay = catchThrowable(() -> facade.completeDirectConnection(admin, callback));
      assertThat(replay).isInstanceOf(EntraRejectedException.class).hasMessageContaining("already used");
      h.snapshot().assertSameAs(before, "replayed callback");
    }

    @Test
    @Order(4)
    void statusReportsTheLastDiscoveryTheMappedTenantsAndTheNextScheduledSync() {
      h.discover(admin);
      ConnectionView afterDiscovery = facade.connectionStatus(admin);
      Instant lastSeen = facade.listTenants(admin).stream().map(ManagedTenant::lastSeenAt).max(Comparator.naturalOrder())
          .orElseThrow();
      assertThat(afterDiscovery.lastDiscoveryAt()).isEqualTo(lastSeen);
      assertThat(afterDiscovery.mappedTenants()).isZero();
      assertThat(afterDiscovery.nextScheduledSync()).isNull();

      ConfirmResult confirmed = facade.confirmMappings(admin, List.of(), true, true);
      assertThat(confirmed.saved()).extracting(TenantMapping::clientId).containsExactly("client-adatum");
      assertThat(h.await(admin, confirmed.initialSync())).isEqualTo(RunStatus.COMPLETED);

      Instant now = Instant.now();
      ConnectionView view = facade.connectionStatus(admin);
      assertThat(view.type()).isEqualTo(ConnectionType.DIRECT);
      assertThat(view.status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(view.mappedTenants()).isEqualTo(1);
      assertThat(view.lastDiscoveryAt()).isEqualTo(lastSeen);
      assertThat(h.schedules.interval(MSP)).contains(SyncSettings.DEFAULT_INTERVAL_MINUTES);
      assertThat(view.nextScheduledSync()).isBetween(now.plus(Duration.ofMinutes(1439)), now.plus(Duration.ofMinutes(1441)));
    }

    @Test
    @Order(5)
    void validateRecordsASuccessfulCheck() throws InterruptedException {
      Instant before = facade.connectionStatus(admin).lastValidatedAt();
      Thread.sleep(5);
      ConnectionView view = facade.validateConnection(admin);
      assertThat(view.status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(view.lastValidatedAt()).isAfter(before);
      assertThat(view.lastValidationError()).isNull();
      assertThat(stable(facade.connectionStatus(admin))).isEqualTo(stable(view));
    }

    @Test
    @Order(6)
    void aRevokedRefreshTokenNeedsTheAdminToSignInAgainWithoutATokenInTheMessage() {
      List<String> storedSecrets = new ArrayList<>();
      for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
        h.host.secrets().getTenantSecret(MSP, key).filter(v -> v.length() > 20).ifPresent(storedSecrets::add);
      }
      h.host.graph().revokeRefreshTokens();
      h.host.graph().invalidateAccessTokens();
      try {
        ConnectionView view = facade.validateConnection(admin);
        assertThat(view.status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
        assertThat(view.lastValidationError()).isNotBlank().containsIgnoringCase("sign in again");
        for (String secret : h.host.graph().issuedSecrets()) {
          assertThat(view.lastValidationError()).doesNotContain(secret);
        }
        for (String secret : storedSecrets) {
          assertThat(view.lastValidationError()).doesNotContain(secret);
        }
        assertThat(facade.connectionStatus(admin).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);

        // A connection that needs a new sign-in cannot discover or sync.
        FacadeSnapshot before = h.snapshot();
        refusal(catchThrowable(() -> facade.discoverTenants(admin)), Refusal.NOT_CONNECTED, "discovery while reauth is required");
        refusal(catchThrowable(() -> facade.syncAllTenants(admin)), Refusal.NOT_CONNECTED, "sync while reauth is required");
        h.snapshot().assertSameAs(before, "refusals while reauth is required");
      } finally {
        h.host.graph().clearFaults();
      }
      ConnectionView again = h.connectDirect(admin);
      assertThat(again.status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(again.lastValidationError()).isNull();
    }

    @Test
    @Order(7)
    void aFailedCippConnectLeavesTheDirectConnectionUntouchedAndWritesNothing() {
      ConnectionView current = facade.connectionStatus(admin);
      FacadeSnapshot before = h.snapshot();

      Throwable thrown = catchThrowable(() -> facade.connectCipp(admin,
          CippCredentials.withToken(h.host.cipp().baseUrl(), "a-wrong-cipp-token")));

      assertThat(thrown).isInstanceOf(EntraException.class).isNotInstanceOf(RefusedException.class);
      assertThat(thrown.getMessage()).doesNotContain("a-wrong-cipp-token");
      h.snapshot().assertSameAs(before, "failed CIPP connect");
      assertThat(stable(facade.connectionStatus(admin))).isEqualTo(stable(current));
      assertThat(facade.presentSecretNames(admin)).containsExactlyElementsOf(
          SecretKeys.DIRECT_CONNECTION_KEYS.stream().sorted().toList());
    }

    @Test
    @Order(8)
    void connectingCippSwitchesTypeAndClearsOnlyTheDirectSecrets() {
      FacadeSnapshot before = h.snapshot();
      Map<String, Optional<String>> appSecrets = appSecrets();

      ConnectionView view = h.connectCipp(admin);

      assertThat(view.type()).isEqualTo(ConnectionType.CIPP);
      assertThat(view.status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(view.mappedTenants()).isEqualTo(1);
      assertThat(facade.presentSecretNames(admin))
          .containsExactly(SecretKeys.ENTRA_CIPP_API_TOKEN, SecretKeys.ENTRA_CIPP_BASE_URL);
      for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
        assertThat(h.host.secrets().getTenantSecret(MSP, key)).as("%s is cleared by the switch", key).isEmpty();
      }
      assertThat(appSecrets()).as("the shared microsoft_* app secrets stay").isEqualTo(appSecrets).allSatisfy(
          (k, v) -> assertThat(v).isPresent());
      h.snapshot().tablesExcept(FacadeSnapshot.CONNECTIONS)
          .assertSameAs(before.tablesExcept(FacadeSnapshot.CONNECTIONS), "switch keeps discovery, mappings, runs, links");
      assertThat(connectionRows()).as("the direct connection stays as history")
          .contains("direct/false", "cipp/true").hasSize(before.rows(FacadeSnapshot.CONNECTIONS) + 1);

      assertThat(facade.validateConnection(admin).status()).isEqualTo(ConnectionStatus.CONNECTED);
      h.discover(admin);
      assertThat(facade.listTenants(admin)).extracting(t -> t.id().value()).containsExactly(ADATUM);
    }

    @Test
    @Order(9)
    void switchingBackToDirectClearsTheCippSecrets() {
      Map<String, Optional<String>> appSecrets = appSecrets();
      ConnectionView view = h.connectDirect(admin);
      assertThat(view.type()).isEqualTo(ConnectionType.DIRECT);
      assertThat(view.status()).isEqualTo(ConnectionStatus.CONNECTED);
      for (String key : SecretKeys.CIPP_CONNECTION_KEYS) {
        assertThat(h.host.secrets().getTenantSecret(MSP, key)).as("%s is cleared by the switch", key).isEmpty();
      }
      assertThat(facade.presentSecretNames(admin)).containsExactlyElementsOf(
          SecretKeys.DIRECT_CONNECTION_KEYS.stream().sorted().toList());
      assertThat(appSecrets()).isEqualTo(appSecrets);
    }

    @Test
    @Order(10)
    void disconnectRemovesTheSecretsAndTheScheduleAndKeepsDiscoveryMappingsAndRuns() {
      List<SyncRun> runs = facade.runHistory(admin, 50);
      List<TenantMapping> mappings = facade.activeMappings(admin);
      List<ManagedTenant> tenants = facade.listTenants(admin);
      assertThat(runs).isNotEmpty();
      assertThat(mappings).hasSize(1);
      Map<String, Optional<String>> appSecrets = appSecrets();
      FacadeSnapshot before = h.snapshot();

      facade.disconnect(admin);

      assertThat(facade.presentSecretNames(admin)).isEmpty();
      for (String key : FacadeSnapshot.SECRET_KEYS) {
        if (!key.startsWith("microsoft_")) {
          assertThat(h.host.secrets().getTenantSecret(MSP, key)).as(key).isEmpty();
        }
      }
      assertThat(appSecrets()).isEqualTo(appSecrets);
      ConnectionView view = facade.connectionStatus(admin);
      assertThat(view.type()).isNull();
      assertThat(view.status()).isNull();
      assertThat(view.nextScheduledSync()).isNull();
      assertThat(view.mappedTenants()).isEqualTo(1);
      assertThat(view.lastDiscoveryAt()).isNotNull();
      assertThat(h.schedules.interval(MSP)).isEmpty();
      h.snapshot().tablesExcept(FacadeSnapshot.CONNECTIONS)
          .assertSameAs(before.tablesExcept(FacadeSnapshot.CONNECTIONS), "disconnect keeps everything but the connection");
      assertThat(connectionRows()).noneMatch(r -> r.endsWith("/true")).contains("direct/false");
      assertThat(facade.runHistory(admin, 50)).isEqualTo(runs);
      assertThat(facade.activeMappings(admin)).isEqualTo(mappings);
      assertThat(facade.listTenants(admin)).isEqualTo(tenants);
    }

    @Test
    @Order(11)
    void withoutAConnectionEveryActionThatNeedsOneIsRefusedNotConnectedAndWritesNothing() {
      Map<String, Function<Actor, Object>> calls = new LinkedHashMap<>();
      calls.put("validateConnection", facade::validateConnection);
      calls.put("discoverTenants", facade::discoverTenants);
      calls.put("startInitialSync", facade::startInitialSync);
      calls.put("syncAllTenants", facade::syncAllTenants);
      calls.put("syncClient", a -> facade.syncClient(a, "client-adatum"));
      calls.put("startDryRun(client)", a -> facade.startDryRun(a, SyncKind.CLIENT, "client-adatum"));
      calls.put("startDryRun(all)", a -> facade.startDryRun(a, SyncKind.ALL, null));
      calls.put("previewClientSync", a -> facade.previewClientSync(a, "client-adatum"));
      calls.put("confirmMappings(startInitialSync)", a -> facade.confirmMappings(a,
          List.of(MappingDecision.map(EntraTenantId.of(ADATUM), "client-adatum")), false, true));
      for (Map.Entry<String, Function<Actor, Object>> call : calls.entrySet()) {
        FacadeSnapshot before = h.snapshot();
        refusal(catchThrowable(() -> call.getValue().apply(admin)), Refusal.NOT_CONNECTED, call.getKey());
        h.snapshot().assertSameAs(before, call.getKey());
      }
      // Views still work on the kept data.
      assertThat(facade.listTenants(admin)).hasSize(1);
      assertThat(facade.mappingSummary(admin)).containsEntry("mapped", 1);
    }

    @Test
    @Order(12)
    void reconnectingAfterADisconnectResumesTheRecurringSync() {
      ConnectionView view = h.connectDirect(admin);
      assertThat(view.mappedTenants()).isEqualTo(1);
      assertThat(view.nextScheduledSync()).as("mapped tenants are synced on schedule again").isNotNull();
      assertThat(h.schedules.interval(MSP)).isPresent();
    }

    private Map<String, Optional<String>> appSecrets() {
      Map<String, Optional<String>> values = new LinkedHashMap<>();
      for (String key : List.of(SecretKeys.MICROSOFT_CLIENT_ID, SecretKeys.MICROSOFT_CLIENT_SECRET, SecretKeys.MICROSOFT_TENANT_ID)) {
        values.put(key, h.host.secrets().getTenantSecret(MSP, key));
      }
      return values;
    }

    private List<String> connectionRows() {
      return h.host.storage().jdbi().withHandle(handle -> handle.createQuery(
              "select connection_type || '/' || active from entra_partner_connections where msp_tenant_id = :m order by connection_id")
          .bind("m", MSP.value()).mapTo(String.class).list());
    }
  }

  // =============================================================================================
  @Nested
  @DisplayName("discovery, mapping, sync, reconciliation queue and settings")
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Wizard {
    private static final String CONTOSO = "2a1c0e55-0000-4a11-8a11-000000000001";
    private static final String FABRIKAM = "2a1c0e55-0000-4a11-8a11-000000000002";
    private static final String NORTHWIND = "2a1c0e55-0000-4a11-8a11-000000000003";
    private static final String TAILSPIN = "2a1c0e55-0000-4a11-8a11-000000000004";
    private static final String WINGTIP = "2a1c0e55-0000-4a11-8a11-000000000005";
    private static final String LITWARE = "2a1c0e55-0000-4a11-8a11-000000000006";

    private final String ada = uid(1, 1);
    private final String grace = uid(1, 2);
    private final String alan = uid(1, 3);
    private final String babbage = uid(1, 4);
    private final String kat = uid(1, 5);
    private final String hedy = uid(1, 6);
    private final String newHire = uid(1, 7);

    private FacadeHost h;
    private EntraIntegration facade;
    private Actor admin;
    private LaunchedRun initialRun;

    @BeforeAll
    void start() {
      h = new FacadeHost();
      facade = h.facade;
      admin = h.admin();
      h.enableAllFlags(MSP);
      h.enableAllFlags(OTHER_MSP);

      EmulatedTenant contoso = h.host.directory().addTenant(CONTOSO, "Contoso Ltd", "contoso.example");
      contoso.upsert(member(ada, "ada@contoso.example", "Ada Lovelace").withJobTitle("Analyst"));
      contoso.upsert(member(grace, "grace@contoso.example", "Grace Hopper"));
      contoso.upsert(member(alan, "alan@contoso.example", "Alan Turing"));
      contoso.upsert(member(babbage, "charles@contoso.example", "Charles Babbage").withAccountEnabled(false));
      contoso.upsert(new EmulatedUser(kat, "kat@contoso.example", "kat@contoso.example", "Katherine Johnson", "Katherine",
          "Johnson", true, "Member", null, null, List.of(), 1,
          List.of("SMTP:kat@contoso.example", "smtp:k.johnson@contoso.example", "smtp:katherine@contoso.example")));
      contoso.upsert(member(hedy, "hedy@contoso.example", "Hedy Lamarr"));
      h.host.directory().addTenant(FABRIKAM, "Fabrikam Inc", "fabrikam.example")
          .upsert(member(uid(2, 1), "pat@fabrikam.example", "Pat Fab"));
      h.host.directory().addTenant(NORTHWIND, "Northwind Traders", "nwtrading.example")
          .upsert(member(uid(3, 1), "sam@nwtrading.example", "Sam North"));
      h.host.directory().addTenant(TAILSPIN, "Tailspin Toys", "tailspin.example")
          .upsert(member(uid(4, 1), "tom@tailspin.example", "Tom Tail"));
      h.host.directory().addTenant(WINGTIP, "Wingtip Partners", "wingtip.example")
          .upsert(member(uid(5, 1), "wes@wingtip.example", "Wes Wing"));

      h.clients(MSP,
          FacadeHost.client("client-contoso", "Contoso", "https://contoso.example"),
          FacadeHost.client("client-fabrikam", "Fabrikam", "fabrikam.example"),
          new HostClient("client-northwind", "Northwind Trading Co", List.of(), "billing@nwtrading.example", List.of()),
          FacadeHost.client("client-alpine", "Alpine Ski House", null));
      h.contacts(MSP,
          FacadeHost.contact("c-ada", "client-contoso", "Ada L.", "ADA@contoso.example"),
          FacadeHost.contact("c-grace-1", "client-contoso", "Grace Hopper", "grace@contoso.example"),
          FacadeHost.contact("c-grace-2", "client-contoso", "G. Hopper", "grace@contoso.example"),
          FacadeHost.contact("c-kat-a", "client-contoso", "Kat J.", "k.johnson@contoso.example"),
          FacadeHost.contact("c-kat-b", "client-contoso", "Katherine J.", "katherine@contoso.example"),
          FacadeHost.contact("c-hedy-1", "client-contoso", "Hedy Lamarr", "hedy@contoso.example"),
          FacadeHost.contact("c-hedy-2", "client-contoso", "H. Lamarr", "hedy@contoso.example"),
          FacadeHost.contact("c-fab-pat", "client-fabrikam", "Pat Fab", "pat@fabrikam.example"));
      // Another MSP tenant of the same host, with a client of the same id and a contact with grace's email.
      h.clients(OTHER_MSP, FacadeHost.client("client-contoso", "Contoso (other MSP)", "https://contoso.example"));
      h.contacts(OTHER_MSP, FacadeHost.contact("c-other-grace", "client-contoso", "Grace Hopper", "grace@contoso.example"));

      assertThat(h.connectDirect(admin).status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @AfterAll
    void stop() {
      h.close();
    }

    private FacadeSnapshot snapshot() {
      return h.snapshot(MSP, OTHER_MSP);
    }

    private Map<String, ManagedTenant> tenants() {
      return facade.listTenants(admin).stream().collect(Collectors.toMap(t -> t.id().value(), t -> t));
    }

    private Map<String, TenantMapping> mappings() {
      return facade.activeMappings(admin).stream().collect(Collectors.toMap(m -> m.tenantId().value(), m -> m));
    }

    private Optional<ContactLink> link(String objectId) {
      return h.host.storage().contactLinks().listAll(MSP).stream()
          .filter(l -> l.objectId().value().equals(objectId) && l.active()).findFirst();
    }

    private List<ReconciliationItem> queueItems(String objectId) {
      return h.host.storage().reconciliationQueue().listAll(MSP).stream()
          .filter(q -> q.objectId().value().equals(objectId)).toList();
    }

    @Test
    @Order(1)
    void discoveryRunsThroughTheWorkflowAndListsTheTenants() {
      assertThat(facade.listTenants(admin)).isEmpty();
      FacadeSnapshot before = snapshot();
      refusal(catchThrowable(() -> facade.confirmMappings(admin,
              List.of(MappingDecision.map(EntraTenantId.of(CONTOSO), "client-contoso")), false, false)),
          Refusal.WIZARD_ORDER, "mapping before discovery");
      snapshot().assertSameAs(before, "mapping before discovery");

      int starts = h.launcher.starts.get();
      LaunchedRun discovery = facade.discoverTenants(admin);
      assertThat(h.launcher.starts.get()).as("discovery runs as a workflow").isEqualTo(starts + 1);
      assertThat(discovery.workflowId()).contains("discovery");
      assertThat(h.await(admin, discovery)).isEqualTo(RunStatus.COMPLETED);

      Map<String, ManagedTenant> tenants = tenants();
      assertThat(tenants).containsOnlyKeys(CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN, WINGTIP);
      ManagedTenant contoso = tenants.get(CONTOSO);
      assertThat(contoso.displayName()).isEqualTo("Contoso Ltd");
      assertThat(contoso.primaryDomain()).isEqualTo("contoso.example");
      assertThat(contoso.present()).isTrue();
      assertThat(contoso.sourceUserCount()).isEqualTo(6);
      assertThat(contoso.lastSyncEligibleUsers()).isNull();
      assertThat(tenants.values()).allSatisfy(t -> {
        assertThat(t.present()).isTrue();
        assertThat(t.bestKnownUserCount()).as("before any sync: the discovery count").isEqualTo(t.sourceUserCount());
      });
      assertThat(facade.connectionStatus(admin).lastDiscoveryAt()).isEqualTo(contoso.lastSeenAt());
    }

    @Test
    @Order(2)
    void previewGroupsTheTenantsWithCandidatesAndWritesNothing() {
      FacadeSnapshot before = snapshot();
      MappingPreview preview = facade.previewMappings(admin);
      snapshot().assertSameAs(before, "mapping preview");

      assertThat(preview.autoMatched()).extracting(r -> r.tenantId().value()).containsExactly(CONTOSO, FABRIKAM);
      MappingPreview.Row contoso = preview.autoMatched().get(0);
      assertThat(contoso.match()).isEqualTo(new TenantMatch.AutoMatched("client-contoso", MatchReason.EXACT_DOMAIN, 1.0));
      assertThat(contoso.displayName()).isEqualTo("Contoso Ltd");
      assertThat(contoso.primaryDomain()).isEqualTo("contoso.example");
      assertThat(contoso.userCount()).isEqualTo(6);
      assertThat(contoso.existingDecision()).isNull();

      assertThat(preview.needsReview()).extracting(r -> r.tenantId().value()).containsExactly(NORTHWIND);
      TenantMatch.NeedsReview review = (TenantMatch.NeedsReview) preview.needsReview().get(0).match();
      assertThat(review.candidates()).first().satisfies(c -> {
        assertThat(c.clientId()).isEqualTo("client-northwind");
        assertThat(c.score()).isGreaterThan(0.5).isLessThan(1.0);
      });
      assertThat(preview.unmatched()).extracting(r -> r.tenantId().value()).containsExactly(TAILSPIN, WINGTIP);
      assertThat(preview.unmatched()).allSatisfy(r -> assertThat(r.match()).isInstanceOf(TenantMatch.Unmatched.class));
    }

    @Test
    @Order(3)
    void syncIsRefusedUntilAMappingIsConfirmed() {
      FacadeSnapshot before = snapshot();
      refusal(catchThrowable(() -> facade.startInitialSync(admin)), Refusal.WIZARD_ORDER, "initial sync before mapping");
      refusal(catchThrowable(() -> facade.syncClient(admin, "client-contoso")), Refusal.VALIDATION, "sync of an unmapped client");
      refusal(catchThrowable(() -> facade.startDryRun(admin, SyncKind.CLIENT, "client-contoso")), Refusal.VALIDATION,
          "dry run of an unmapped client");
      refusal(catchThrowable(() -> facade.previewClientSync(admin, "client-contoso")), Refusal.VALIDATION,
          "preview of an unmapped client");
      refusal(catchThrowable(() -> facade.startDryRun(admin, SyncKind.SCHEDULED, null)), Refusal.VALIDATION,
          "an operator starting a scheduled run");
      snapshot().assertSameAs(before, "refused syncs");
    }

    @Test
    @Order(4)
    void aDecisionSetWithOneTenantDecidedTwiceIsRefusedAsAWhole() {
      EntraTenantId contoso = EntraTenantId.of(CONTOSO);
      FacadeSnapshot before = snapshot();
      RefusedException conflict = refusal(catchThrowable(() -> facade.confirmMappings(admin, List.of(
              MappingDecision.map(EntraTenantId.of(FABRIKAM), "client-fabrikam"),
              MappingDecision.map(contoso, "client-contoso"),
              MappingDecision.map(contoso, "client-alpine")), false, false)),
          Refusal.CONFLICT, "one tenant mapped to two clients");
      assertThat(conflict.getMessage()).contains(CONTOSO);
      snapshot().assertSameAs(before, "conflicting set");
      assertThat(facade.activeMappings(admin)).as("not even the valid decision of the set is saved").isEmpty();

      refusal(catchThrowable(() -> facade.confirmMappings(admin, List.of(
              MappingDecision.map(EntraTenantId.of(FABRIKAM), "client-fabrikam"),
              MappingDecision.map(contoso, "client-does-not-exist")), false, false)),
          Refusal.VALIDATION, "an unknown client");
      refusal(catchThrowable(() -> facade.confirmMappings(admin, List.of(
              MappingDecision.map(EntraTenantId.of("2a1c0e55-0000-4a11-8a11-00000000ffff"), "client-contoso")), false, false)),
          Refusal.VALIDATION, "an undiscovered tenant");
      refusal(catchThrowable(() -> facade.confirmMappings(admin, List.of(), false, false)), Refusal.VALIDATION,
          "an empty set");
      snapshot().assertSameAs(before, "invalid sets");
    }

    @Test
    @Order(5)
    void confirmingOnlySkipsWithTheInitialSyncIsRefusedBeforeAnythingIsSaved() {
      FacadeSnapshot before = snapshot();
      refusal(catchThrowable(() -> facade.confirmMappings(admin,
              List.of(MappingDecision.skip(EntraTenantId.of(WINGTIP))), false, true)),
          Refusal.WIZARD_ORDER, "initial sync with no confirmed mapping");
      snapshot().assertSameAs(before, "skip-only set with initial sync");
    }

    @Test
    @Order(6)
    void confirmSavesOneDecisionSetAtomicallyWithTheAcceptedAutoMatches() {
      int starts = h.launcher.starts.get();
      ConfirmResult result = facade.confirmMappings(admin, List.of(
          MappingDecision.map(EntraTenantId.of(NORTHWIND), "client-northwind"),
          MappingDecision.skip(EntraTenantId.of(WINGTIP))), true, false);

      assertThat(result.initialSync()).isNull();
      assertThat(h.launcher.starts.get()).isEqualTo(starts);
      assertThat(result.saved()).extracting(m -> m.tenantId().value())
          .containsExactlyInAnyOrder(CONTOSO, FABRIKAM, NORTHWIND, WINGTIP);
      Map<String, TenantMapping> active = mappings();
      assertThat(active).containsOnlyKeys(CONTOSO, FABRIKAM, NORTHWIND, WINGTIP);
      assertThat(active.get(CONTOSO).clientId()).isEqualTo("client-contoso");
      assertThat(active.get(CONTOSO).confidence()).isEqualTo(1.0);
      assertThat(active.get(NORTHWIND).state()).isEqualTo(MappingState.MAPPED);
      assertThat(active.get(NORTHWIND).confidence()).isGreaterThan(0.5).isLessThan(1.0);
      assertThat(active.get(WINGTIP).state()).isEqualTo(MappingState.SKIP_FOR_NOW);
      assertThat(active.get(WINGTIP).clientId()).isNull();
      assertThat(active.values()).allSatisfy(m -> assertThat(m.decidedBy()).isEqualTo(admin.userId()));

      assertThat(facade.mappingSummary(admin)).containsEntry("mapped", 3).containsEntry("create_new", 0)
          .containsEntry("skip_for_now", 1).containsEntry("needs_review", 0).containsEntry("undecided", 1);
      MappingPreview preview = facade.previewMappings(admin);
      assertThat(preview.autoMatched()).allSatisfy(r -> assertThat(r.existingDecision()).isNotNull());
      assertThat(preview.needsReview().get(0).existingDecision().clientId()).isEqualTo("client-northwind");
      assertThat(preview.unmatched()).filteredOn(r -> r.tenantId().value().equals(TAILSPIN))
          .allSatisfy(r -> assertThat(r.existingDecision()).isNull());
      assertThat(facade.connectionStatus(admin).mappedTenants()).isEqualTo(3);
    }

    @Test
    @Order(7)
    void confirmCanStartTheInitialSyncWhichProvisionsCreateNewClientsAndSchedulesTheRecurringSync() {
      ConfirmResult result = facade.confirmMappings(admin, List.of(MappingDecision.createNew(EntraTenantId.of(TAILSPIN))),
          false, true);
      assertThat(result.saved()).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(MappingState.CREATE_NEW));
      initialRun = result.initialSync();
      assertThat(initialRun).isNotNull();
      assertThat(h.await(admin, initialRun)).isEqualTo(RunStatus.COMPLETED);

      TenantMapping tailspin = mappings().get(TAILSPIN);
      assertThat(tailspin.state()).isEqualTo(MappingState.MAPPED);
      assertThat(tailspin.clientId()).isEqualTo("client-" + TAILSPIN);
      assertThat(tailspin.decidedBy()).isEqualTo(SyncRunService.PROVISIONING_ACTOR);
      assertThat(h.host.storage().referenceHostClients().findClient(MSP, tailspin.clientId()))
          .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Tailspin Toys"));

      Instant now = Instant.now();
      ConnectionView view = facade.connectionStatus(admin);
      assertThat(view.mappedTenants()).isEqualTo(4);
      assertThat(h.schedules.interval(MSP)).contains(SyncSettings.DEFAULT_INTERVAL_MINUTES);
      assertThat(view.nextScheduledSync()).isBetween(now.plus(Duration.ofMinutes(1439)), now.plus(Duration.ofMinutes(1441)));
    }

    @Test
    @Order(8)
    void runProgressHistoryDrillDownAndTheLatestUserCountPerTenant() {
      SyncRun run = facade.run(admin, initialRun.runId()).orElseThrow();
      assertThat(run.kind()).isEqualTo(SyncKind.INITIAL);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.dryRun()).isFalse();
      assertThat(run.initiatedBy()).isEqualTo(admin.userId());
      assertThat(run.totalTenants()).isEqualTo(4);
      assertThat(run.processedTenants()).isEqualTo(4);
      assertThat(run.finishedAt()).isAfterOrEqualTo(run.startedAt());
      assertThat(run.counters()).isEqualTo(new SyncCounters(3, 2, 0, 0, 3, 0, 0, 1));

      List<TenantSyncResult> perTenant = facade.runTenants(admin, initialRun.runId());
      assertThat(perTenant).extracting(r -> r.tenantId().value()).containsExactly(CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN);
      assertThat(perTenant).allSatisfy(r -> assertThat(r.status()).isEqualTo(TenantRunStatus.COMPLETED));
      TenantSyncResult contoso = perTenant.get(0);
      assertThat(contoso.clientId()).isEqualTo("client-contoso");
      assertThat(contoso.counters()).isEqualTo(new SyncCounters(1, 1, 0, 0, 3, 0, 0, 1));
      assertThat(contoso.eligibleUsers()).isEqualTo(5);
      assertThat(perTenant.get(3).clientId()).isEqualTo("client-" + TAILSPIN);

      assertThat(facade.runHistory(admin, 10)).first().satisfies(r -> assertThat(r.runId()).isEqualTo(initialRun.runId()));
      assertThat(facade.run(admin, "no-such-run")).isEmpty();

      Map<String, ManagedTenant> tenants = tenants();
      assertThat(tenants.get(CONTOSO).sourceUserCount()).isEqualTo(6);
      assertThat(tenants.get(CONTOSO).lastSyncEligibleUsers()).isEqualTo(5);
      assertThat(tenants.get(CONTOSO).bestKnownUserCount()).as("the completed sync's count wins").isEqualTo(5);
      assertThat(tenants.get(WINGTIP).lastSyncEligibleUsers()).isNull();
      assertThat(tenants.get(WINGTIP).bestKnownUserCount()).as("never synced: the discovery count")
          .isEqualTo(tenants.get(WINGTIP).sourceUserCount()).isEqualTo(1);
      assertThat(facade.previewMappings(admin).autoMatched().get(0).userCount()).isEqualTo(5);
    }

    @Test
    @Order(9)
    void theQueueListsOpenItemsWithTheirCandidates() {
      List<QueueEntry> open = facade.openQueue(admin);
      assertThat(open).extracting(e -> e.item().objectId().value()).containsExactlyInAnyOrder(grace, kat, hedy);
      Map<String, QueueEntry> byId = open.stream().collect(Collectors.toMap(e -> e.item().objectId().value(), e -> e));
      assertThat(byId.get(grace).item().clientId()).isEqualTo("client-contoso");
      assertThat(byId.get(grace).item().status()).isEqualTo(QueueStatus.OPEN);
      assertThat(byId.get(grace).item().email()).isEqualTo("grace@contoso.example");
      assertThat(byId.get(grace).candidates()).extracting(HostContact::id).containsExactlyInAnyOrder("c-grace-1", "c-grace-2");
      assertThat(byId.get(kat).candidates()).extracting(HostContact::id).containsExactlyInAnyOrder("c-kat-a", "c-kat-b");
      assertThat(byId.get(hedy).candidates()).extracting(HostContact::fullName)
          .containsExactlyInAnyOrder("Hedy Lamarr", "H. Lamarr");
    }

    @Test
    @Order(10)
    void fieldTogglesAreReadAndChanged() {
      assertThat(facade.fieldSync(admin)).isEqualTo(FieldSyncConfig.NONE);
      SettingsView settings = facade.syncSettings(admin);
      FieldSyncConfig jobTitleOnly = new FieldSyncConfig(false, false, false, true, false);
      assertThat(facade.updateFieldSync(admin, jobTitleOnly)).isEqualTo(jobTitleOnly);
      assertThat(facade.fieldSync(admin)).isEqualTo(jobTitleOnly);
      assertThat(h.host.storage().syncSettings().get(MSP).fieldSync()).isEqualTo(jobTitleOnly);
      assertThat(facade.syncSettings(admin)).as("the toggles leave the other settings alone").isEqualTo(settings);
    }

    @Test
    @Order(11)
    void filterSettingsAndMarkInactiveWhenDisabledAreSavedAndAnInvalidIntervalIsRefused() {
      SettingsView defaults = facade.syncSettings(admin);
      assertThat(defaults).isEqualTo(new SettingsView(UserFilterConfig.DEFAULT, true, SyncSettings.DEFAULT_INTERVAL_MINUTES));

      FacadeSnapshot before = snapshot();
      refusal(catchThrowable(() -> facade.updateSyncSettings(admin, new SettingsChange(List.of("x"), true, true, false, 5))),
          Refusal.VALIDATION, "an interval under 15 minutes");
      snapshot().assertSameAs(before, "invalid interval (with valid other values)");

      UserFilterConfig filter = new UserFilterConfig(true, true, List.of("^svc-", "@noreply\\."));
      SettingsView changed = facade.updateSyncSettings(admin,
          new SettingsChange(filter.customPatterns(), true, true, false, null));
      assertThat(changed).isEqualTo(new SettingsView(filter, false, SyncSettings.DEFAULT_INTERVAL_MINUTES));
      assertThat(facade.syncSettings(admin)).isEqualTo(changed);
      assertThat(facade.fieldSync(admin).jobTitle()).as("field toggles untouched").isTrue();
      assertThat(h.schedules.interval(MSP)).as("no interval given: schedule untouched").contains(SyncSettings.DEFAULT_INTERVAL_MINUTES);

      assertThat(facade.updateSyncSettings(admin, new SettingsChange(List.of(), false, false, true, null))).isEqualTo(defaults);
    }

    @Test
    @Order(12)
    void anInvalidExcludePatternIsRefusedValidationAndNothingIsSaved() {
      FacadeSnapshot before = snapshot();
      Throwable thrown = catchThrowable(() ->
          facade.updateSyncSettings(admin, SettingsChange.none().withExcludePatterns(List.of("^svc-(", "ok"))));
      refusal(thrown, Refusal.VALIDATION, "an invalid regular expression");
      snapshot().assertSameAs(before, "invalid pattern");
    }

    @Test
    @Order(13)
    void anInvalidExcludePatternCannotReachTheStoredSettings() {
      FacadeSnapshot before = snapshot();
      Throwable thrown = catchThrowable(() ->
          facade.updateSyncSettings(admin, SettingsChange.none().withExcludePatterns(List.of("^svc-("))));
      assertThat(thrown).isInstanceOf(RefusedException.class).hasMessageContaining("^svc-(");
      snapshot().assertSameAs(before, "invalid pattern");
      assertThat(facade.syncSettings(admin).userFilter()).isEqualTo(UserFilterConfig.DEFAULT);
    }

    @Test
    @Order(14)
    void changingTheIntervalUpdatesTheSchedule() {
      SettingsView view = facade.updateSyncSettings(admin, SettingsChange.none().withIntervalMinutes(60));
      assertThat(view.intervalMinutes()).isEqualTo(60);
      assertThat(h.schedules.interval(MSP)).contains(60);
      Instant now = Instant.now();
      assertThat(facade.connectionStatus(admin).nextScheduledSync())
          .isBetween(now.plus(Duration.ofMinutes(59)), now.plus(Duration.ofMinutes(61)));
      assertThat(facade.syncSettings(admin).intervalMinutes()).isEqualTo(60);
      assertThat(facade.syncSettings(admin).userFilter()).isEqualTo(UserFilterConfig.DEFAULT);
    }

    @Test
    @Order(15)
    void resolvingToAContactOfAnotherClientOrMspIsRefusedThenAnExistingCandidateIsLinked() {
      EntraObjectId graceId = EntraObjectId.of(grace);
      FacadeSnapshot before = snapshot();
      RefusedException otherClient = refusal(catchThrowable(() -> facade.resolveToExistingContact(admin, graceId, "c-fab-pat")),
          Refusal.VALIDATION, "a contact of another client");
      assertThat(otherClient.getMessage()).contains("client-fabrikam");
      refusal(catchThrowable(() -> facade.resolveToExistingContact(admin, graceId, "c-other-grace")),
          Refusal.VALIDATION, "a contact of another MSP tenant (same client id, same email)");
      refusal(catchThrowable(() -> facade.resolveToExistingContact(admin, EntraObjectId.of(ada), "c-ada")),
          Refusal.VALIDATION, "an identity without an open item");
      snapshot().assertSameAs(before, "refused resolutions");
      assertThat(h.contactById(OTHER_MSP, "c-other-grace")).isPresent();

      facade.resolveToExistingContact(admin, graceId, "c-grace-1");

      assertThat(link(grace)).hasValueSatisfying(l -> {
        assertThat(l.contactId()).isEqualTo("c-grace-1");
        assertThat(l.clientId()).isEqualTo("client-contoso");
      });
      assertThat(queueItems(grace)).singleElement().satisfies(q -> {
        assertThat(q.status()).isEqualTo(QueueStatus.RESOLVED);
        assertThat(q.resolution()).isEqualTo("linked:c-grace-1");
        assertThat(q.resolvedBy()).isEqualTo(admin.userId());
      });
      assertThat(facade.openQueue(admin)).extracting(e -> e.item().objectId().value()).containsExactlyInAnyOrder(kat, hedy);
    }

    @Test
    @Order(16)
    void resolvingByCreatingAContactCreatesAndLinksIt() {
      int contactsBefore = h.host.storage().referenceHostContacts().listContacts(MSP).size();
      String contactId = facade.resolveByCreatingContact(admin, EntraObjectId.of(kat));

      HostContact created = h.contactById(MSP, contactId).orElseThrow();
      assertThat(created.clientId()).isEqualTo("client-contoso");
      assertThat(created.email()).isEqualTo("kat@contoso.example");
      assertThat(created.fullName()).isEqualTo("Katherine Johnson");
      assertThat(h.host.storage().referenceHostContacts().listContacts(MSP)).hasSize(contactsBefore + 1);
      assertThat(link(kat)).hasValueSatisfying(l -> assertThat(l.contactId()).isEqualTo(contactId));
      assertThat(queueItems(kat)).singleElement().satisfies(q -> {
        assertThat(q.status()).isEqualTo(QueueStatus.RESOLVED);
        assertThat(q.resolution()).isEqualTo("created:" + contactId);
      });
      assertThat(facade.openQueue(admin)).extracting(e -> e.item().objectId().value()).containsExactly(hedy);
    }

    @Test
    @Order(17)
    void syncAllTenantsReportsProgressAndADismissedItemStaysDismissedAfterIt() throws InterruptedException {
      facade.dismissQueueItem(admin, EntraObjectId.of(hedy));
      assertThat(facade.openQueue(admin)).isEmpty();

      // Change hedy upstream so the next delta round plans her again, then sync all tenants. The first
      // Graph calls are throttled (Retry-After: 1 s), so the run is observed while it runs.
      h.host.directory().requireTenant(CONTOSO).upsert(member(hedy, "hedy@contoso.example", "Hedy Lamarr").withJobTitle("Inventor"));
      h.host.graph().throttleGraph(3);
      LaunchedRun all = facade.syncAllTenants(admin);
      Optional<SyncRun> inFlight = Optional.empty();
      for (Instant deadline = Instant.now().plusSeconds(30); inFlight.isEmpty() && Instant.now().isBefore(deadline); ) {
        inFlight = facade.run(admin, all.runId());
        Thread.sleep(5);
      }
      assertThat(inFlight).hasValueSatisfying(progress -> {
        assertThat(progress.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(progress.finishedAt()).isNull();
        assertThat(progress.totalTenants()).isEqualTo(4);
        assertThat(progress.processedTenants()).isLessThan(4);
      });
      assertThat(h.await(admin, all)).isEqualTo(RunStatus.COMPLETED);
      SyncRun run = facade.run(admin, all.runId()).orElseThrow();
      assertThat(run.kind()).isEqualTo(SyncKind.ALL);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.totalTenants()).isEqualTo(4);
      assertThat(run.processedTenants()).isEqualTo(4);
      assertThat(run.finishedAt()).isNotNull();
      assertThat(run.counters().ambiguous()).isZero();

      assertThat(facade.openQueue(admin)).isEmpty();
      assertThat(queueItems(hedy)).singleElement().satisfies(q -> {
        assertThat(q.status()).isEqualTo(QueueStatus.DISMISSED);
        assertThat(q.resolution()).isEqualTo("dismissed");
      });
      assertThat(link(hedy)).isEmpty();
      assertThat(facade.runHistory(admin, 10)).extracting(SyncRun::runId).startsWith(all.runId(), initialRun.runId());
    }

    @Test
    @Order(18)
    void previewClientSyncReturnsPerIdentityBucketsAndWritesNothing() {
      EmulatedTenant contoso = h.host.directory().requireTenant(CONTOSO);
      contoso.upsert(member(newHire, "new.hire@contoso.example", "New Hire"));
      contoso.upsert(member(ada, "ada@contoso.example", "Ada Lovelace").withJobTitle("Chief Analyst"));
      contoso.disable(alan);
      String alanContact = link(alan).orElseThrow().contactId();

      FacadeSnapshot before = snapshot();
      List<TenantSyncOutcome> outcomes = facade.previewClientSync(admin, "client-contoso");
      snapshot().assertSameAs(before, "client sync preview (no contact, link, queue item, cursor or run)");

      assertThat(outcomes).hasSize(1);
      Map<String, DryRunEntry> byId = outcomes.get(0).dryRun().stream()
          .collect(Collectors.toMap(e -> e.objectId().value(), e -> e));
      assertThat(byId.get(newHire).bucket()).isEqualTo(DryRunEntry.Bucket.CREATE);
      assertThat(byId.get(newHire).email()).isEqualTo("new.hire@contoso.example");
      assertThat(byId.get(ada).bucket()).isEqualTo(DryRunEntry.Bucket.UPDATE);
      assertThat(byId.get(ada).contactIds()).containsExactly("c-ada");
      assertThat(byId.get(alan).bucket()).isEqualTo(DryRunEntry.Bucket.MARK_INACTIVE);
      assertThat(byId.get(alan).contactIds()).containsExactly(alanContact);
      assertThat(byId.get(alan).reason()).isEqualTo("disabled_upstream");
      assertThat(outcomes.get(0).counters().created()).isEqualTo(1);
      assertThat(outcomes.get(0).counters().updated()).isEqualTo(1);
      assertThat(outcomes.get(0).counters().inactivated()).isEqualTo(1);
    }

    @Test
    @Order(19)
    void aDryRunIsRecordedAsARunAndWritesNothingElse() {
      FacadeSnapshot before = snapshot();
      LaunchedRun dry = facade.startDryRun(admin, SyncKind.CLIENT, "client-contoso");
      assertThat(h.await(admin, dry)).isEqualTo(RunStatus.COMPLETED);
      snapshot().tablesExcept(FacadeSnapshot.RUNS, FacadeSnapshot.RUN_TENANTS)
          .assertSameAs(before.tablesExcept(FacadeSnapshot.RUNS, FacadeSnapshot.RUN_TENANTS), "dry run");

      SyncRun run = facade.run(admin, dry.runId()).orElseThrow();
      assertThat(run.dryRun()).isTrue();
      assertThat(run.kind()).isEqualTo(SyncKind.CLIENT);
      assertThat(run.scope()).isEqualTo("client:client-contoso");
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.counters().created()).isEqualTo(1);
      assertThat(run.counters().updated()).isEqualTo(1);
      assertThat(run.counters().inactivated()).isEqualTo(1);
      assertThat(facade.runTenants(admin, dry.runId())).extracting(r -> r.tenantId().value()).containsExactly(CONTOSO);
      assertThat(facade.runHistory(admin, 1)).extracting(SyncRun::runId).containsExactly(dry.runId());
    }

    @Test
    @Order(20)
    void syncingOneClientAppliesItsChangesAndIsRefusedForAnUnmappedClient() {
      FacadeSnapshot before = snapshot();
      refusal(catchThrowable(() -> facade.syncClient(admin, "client-alpine")), Refusal.VALIDATION, "an unmapped client");
      refusal(catchThrowable(() -> facade.syncClient(admin, " ")), Refusal.VALIDATION, "a blank client id");
      snapshot().assertSameAs(before, "refused client syncs");

      String alanContact = link(alan).orElseThrow().contactId();
      LaunchedRun run = facade.syncClient(admin, "client-contoso");
      assertThat(run.workflowId()).contains("client-contoso");
      assertThat(h.await(admin, run)).isEqualTo(RunStatus.COMPLETED);

      SyncRun done = facade.run(admin, run.runId()).orElseThrow();
      assertThat(done.kind()).isEqualTo(SyncKind.CLIENT);
      assertThat(done.dryRun()).isFalse();
      assertThat(done.totalTenants()).isEqualTo(1);
      assertThat(done.processedTenants()).isEqualTo(1);
      assertThat(done.counters().created()).isEqualTo(1);
      assertThat(done.counters().updated()).isEqualTo(1);
      assertThat(done.counters().inactivated()).isEqualTo(1);
      assertThat(h.contactById(MSP, "c-ada").orElseThrow().role()).isEqualTo("Chief Analyst");
      assertThat(h.contactById(MSP, alanContact).orElseThrow().inactive()).isTrue();
      assertThat(link(newHire)).isPresent();

      TenantSyncResult contoso = facade.runTenants(admin, run.runId()).get(0);
      ManagedTenant tenant = tenants().get(CONTOSO);
      assertThat(tenant.lastSyncEligibleUsers()).isEqualTo(contoso.eligibleUsers());
      assertThat(tenant.bestKnownUserCount()).isEqualTo(contoso.eligibleUsers());
    }

    @Test
    @Order(21)
    void rediscoveryPicksUpANewTenantAndKeepsAVanishedOneAsNotPresent() {
      h.host.directory().addTenant(LITWARE, "Litware", "litware.example")
          .upsert(member(uid(6, 1), "lee@litware.example", "Lee Lit"));
      h.host.directory().removeTenant(WINGTIP);

      h.discover(admin);

      Map<String, ManagedTenant> tenants = tenants();
      assertThat(tenants).containsKeys(LITWARE, WINGTIP);
      assertThat(tenants.get(LITWARE).present()).isTrue();
      assertThat(tenants.get(WINGTIP).present()).as("vanished: kept, not present").isFalse();
      assertThat(tenants.get(CONTOSO).present()).isTrue();
      assertThat(mappings()).as("the vanished tenant's decision is kept").containsKey(WINGTIP);
      MappingPreview preview = facade.previewMappings(admin);
      assertThat(preview.unmatched()).extracting(r -> r.tenantId().value()).containsExactly(LITWARE);
      assertThat(facade.mappingSummary(admin)).containsEntry("undecided", 1);
    }

    @Test
    @Order(22)
    void remapAndUnmapKeepTheHistoryAndLeaveLinksAlone() {
      EntraTenantId northwind = EntraTenantId.of(NORTHWIND);
      FacadeSnapshot before = snapshot();
      TenantMapping remapped = facade.remap(admin, northwind, "client-alpine");
      assertThat(remapped.clientId()).isEqualTo("client-alpine");
      assertThat(remapped.state()).isEqualTo(MappingState.MAPPED);
      assertThat(mappings().get(NORTHWIND).clientId()).isEqualTo("client-alpine");
      assertThat(h.host.storage().mappings().history(MSP, northwind))
          .extracting(TenantMapping::clientId).containsExactly("client-alpine", "client-northwind");

      facade.unmap(admin, northwind);

      assertThat(mappings()).doesNotContainKey(NORTHWIND);
      assertThat(h.host.storage().mappings().history(MSP, northwind))
          .extracting(TenantMapping::clientId).containsExactly("client-alpine", "client-northwind");
      snapshot().tablesOnly(FacadeSnapshot.LINKS, FacadeSnapshot.CONTACTS, FacadeSnapshot.QUEUE, FacadeSnapshot.RUNS)
          .assertSameAs(before.tablesOnly(FacadeSnapshot.LINKS, FacadeSnapshot.CONTACTS, FacadeSnapshot.QUEUE,
              FacadeSnapshot.RUNS), "remap and unmap");
      assertThat(facade.mappingSummary(admin)).containsEntry("mapped", 3).containsEntry("skip_for_now", 1)
          .containsEntry("undecided", 2);

      FacadeSnapshot afterUnmap = snapshot();
      refusal(catchThrowable(() -> facade.unmap(admin, northwind)), Refusal.VALIDATION, "unmapping an unmapped tenant");
      refusal(catchThrowable(() -> facade.remap(admin, northwind, "client-nope")), Refusal.VALIDATION, "remap to an unknown client");
      snapshot().assertSameAs(afterUnmap, "refused unmap/remap");
    }
  }

  // =============================================================================================
  @Nested
  @DisplayName("the guard: every facade call, every refusal, nothing written")
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Guard {
    private static final String GLOBEX = "4c3e2a77-0000-4c33-8c33-000000000001";
    /** An MSP tenant of the same host with every flag on and no connection: calls reach their later checks. */
    private final MspTenantId probe = MspTenantId.of("probe-msp");
    private final MspTenantId flagTarget = MspTenantId.of("flag-target-msp");

    private FacadeHost h;
    private FacadeCall.Fixture fixture;

    @BeforeAll
    void start() {
      h = new FacadeHost();
      h.enableAllFlags(MSP);
      h.enableAllFlags(probe);
      Actor admin = h.admin();
      h.host.directory().addTenant(GLOBEX, "Globex", "globex.example")
          .upsert(member(uid(7, 1), "ann@globex.example", "Ann Glo"))
          .upsert(member(uid(7, 2), "bob@globex.example", "Bob Glo"))
          .upsert(member(uid(7, 3), "cy@globex.example", "Cy Glo"));
      h.clients(MSP, FacadeHost.client("client-globex", "Globex", "https://globex.example"),
          FacadeHost.client("client-initech", "Initech", null));
      h.contacts(MSP, FacadeHost.contact("c-ann", "client-globex", "Ann", "ann@globex.example"),
          FacadeHost.contact("c-bob-1", "client-globex", "Bob", "bob@globex.example"),
          FacadeHost.contact("c-bob-2", "client-globex", "Robert", "bob@globex.example"));
      assertThat(h.connectCipp(admin).status()).isEqualTo(ConnectionStatus.CONNECTED);
      h.discover(admin);
      ConfirmResult confirmed = h.facade.confirmMappings(admin, List.of(), true, true);
      assertThat(h.await(admin, confirmed.initialSync())).isEqualTo(RunStatus.COMPLETED);
      h.facade.updateFieldSync(admin, new FieldSyncConfig(false, false, false, true, false));
      assertThat(h.facade.openQueue(admin)).hasSize(1);
      // A held set, so that an approval the guard let through would write something.
      h.host.storage().heldDeletions().hold(MSP, new HeldDeletions(EntraTenantId.of(GLOBEX),
          HoldReason.THRESHOLD_TRIPPED, List.of(new HeldDeletions.HeldIdentity(EntraObjectId.of(uid(7, 1)),
              InactiveReason.DELETED_UPSTREAM)), 3, java.time.Instant.parse("2025-05-01T10:00:00Z"), null, null));

      fixture = new FacadeCall.Fixture(MSP, EntraTenantId.of(GLOBEX), "client-globex", "client-initech",
          EntraObjectId.of(uid(7, 2)), "c-bob-1", confirmed.initialSync(), h.goodCippCredentials(),
          CippCredentials.withToken(h.host.cipp().baseUrl(), "a-wrong-cipp-token"), flagTarget);
    }

    @AfterAll
    void stop() {
      h.close();
    }

    private FacadeSnapshot snapshot() {
      return h.snapshot(MSP, probe, flagTarget);
    }

    private void assertRefusedWritingNothing(FacadeCall call, EntraIntegration facade, Actor actor, Refusal expected) {
      FacadeSnapshot before = snapshot();
      refusal(catchThrowable(() -> call.invoke(facade, actor, fixture)), expected, call.name());
      snapshot().assertSameAs(before, call.name() + " refused " + expected);
    }

    /** What an operator sees of the data, through the facade (as an admin with every flag on). */
    private List<Object> visibleData() {
      Actor admin = h.admin();
      List<Object> seen = new ArrayList<>();
      seen.add(stable(h.facade.connectionStatus(admin)));
      seen.add(h.facade.presentSecretNames(admin));
      seen.add(h.facade.listTenants(admin));
      seen.add(h.facade.activeMappings(admin));
      seen.add(h.facade.mappingSummary(admin));
      List<SyncRun> runs = h.facade.runHistory(admin, 50);
      seen.add(runs);
      runs.forEach(r -> seen.add(h.facade.runTenants(admin, r.runId())));
      seen.add(h.facade.openQueue(admin));
      seen.add(h.facade.syncSettings(admin));
      seen.add(h.facade.fieldSync(admin));
      return seen;
    }

    Stream<FacadeCall> allCalls() {
      return FacadeCall.all().stream();
    }

    Stream<FacadeCall> viewCalls() {
      return FacadeCall.views();
    }

    Stream<FacadeCall> writeCalls() {
      return FacadeCall.writes();
    }

    Stream<FacadeCall> uiGatedCalls() {
      return FacadeCall.behindTheUiFlag();
    }

    Stream<FacadeCall> connectionCalls() {
      return FacadeCall.needingAConnection();
    }

    Stream<Arguments> surfaceFlagsAndCalls() {
      List<String> surfaces = List.of(FeatureFlags.CIPP, FeatureFlags.FIELD_SYNC, FeatureFlags.AMBIGUOUS_QUEUE,
          FeatureFlags.CLIENT_SYNC_ACTION);
      return surfaces.stream().flatMap(flag -> FacadeCall.all().stream().map(call -> Arguments.of(flag, call)));
    }

    Stream<String> phase1Flags() {
      return FeatureFlags.PHASE_1.stream().map(FeatureFlags.FlagDefinition::name);
    }

    @Test
    @Order(0)
    void theTableCoversEveryPublicOperationOfTheFacade() {
      List<String> operations = Stream.of(EntraIntegration.class.getDeclaredMethods())
          .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()) && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
          .map(java.lang.reflect.Method::getName).filter(n -> !WIRING_ACCESSORS.contains(n)).distinct().sorted().toList();
      List<String> covered = FacadeCall.all().stream().map(c -> c.name().replaceAll("\\(.*", "")).distinct().sorted().toList();
      assertThat(covered).containsExactlyElementsOf(operations);
      assertThat(h.facade).as("the facade under test is the host's own integration").isSameAs(h.host.integration());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCalls")
    @Order(1)
    void anEditionOtherThanEnterpriseRefusesEveryCall(FacadeCall call) {
      EntraIntegration community = h.facade(Edition.COMMUNITY);
      assertRefusedWritingNothing(call, community, h.admin(), Refusal.EDITION_REQUIRED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCalls")
    @Order(2)
    void clientPortalActorsAreRefusedEveryCall(FacadeCall call) {
      Actor portal = h.actor(MSP, Actor.UserType.CLIENT_PORTAL, Permissions.SYSTEM_SETTINGS_READ,
          Permissions.SYSTEM_SETTINGS_UPDATE);
      assertRefusedWritingNothing(call, h.facade, portal, Refusal.FORBIDDEN);
      assertRefusedWritingNothing(call, h.facade, h.notInternalPerPolicy(MSP), Refusal.FORBIDDEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCalls")
    @Order(3)
    void anInternalActorWithoutPermissionsIsRefusedEveryCall(FacadeCall call) {
      assertRefusedWritingNothing(call, h.facade, h.actor(MSP, Actor.UserType.INTERNAL), Refusal.FORBIDDEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("viewCalls")
    @Order(4)
    void anInternalActorWithoutTheReadPermissionIsRefusedEveryView(FacadeCall call) {
      Actor updateOnly = h.actor(MSP, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_UPDATE);
      assertRefusedWritingNothing(call, h.facade, updateOnly, Refusal.FORBIDDEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeCalls")
    @Order(5)
    void aReadOnlyActorIsRefusedEveryWrite(FacadeCall call) {
      Actor readOnly = h.actor(MSP, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ);
      assertRefusedWritingNothing(call, h.facade, readOnly, Refusal.FORBIDDEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("viewCalls")
    @Order(6)
    void aReadOnlyActorSeesEveryViewAndViewsWriteNothing(FacadeCall call) {
      Actor readOnly = h.actor(MSP, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ);
      FacadeSnapshot before = snapshot();
      assertThatCode(() -> call.invoke(h.facade, readOnly, fixture)).doesNotThrowAnyException();
      snapshot().assertSameAs(before, call.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uiGatedCalls")
    @Order(7)
    void theUiFlagOffRefusesEverySurface(FacadeCall call) {
      h.hostFlags().set(MSP, FeatureFlags.UI, false);
      try {
        assertRefusedWritingNothing(call, h.facade, h.admin(), Refusal.FEATURE_DISABLED);
      } finally {
        h.hostFlags().set(MSP, FeatureFlags.UI, true);
      }
    }

    @Test
    @Order(8)
    void flagAdministrationStillWorksWithTheUiFlagOffAsTheRolloutOrderNeeds() {
      h.hostFlags().set(MSP, FeatureFlags.UI, false);
      try {
        assertThat(h.facade.ensurePhase1Flags(h.admin())).isEmpty();
        h.facade.addFlagTarget(h.operator(), FeatureFlags.UI, MSP);
        assertThat(h.hostFlags().isEnabled(MSP, FeatureFlags.UI)).isTrue();
        assertThat(h.hostFlags().isEnabled(flagTarget, FeatureFlags.UI)).isFalse();
      } finally {
        h.hostFlags().set(MSP, FeatureFlags.UI, true);
      }
    }

    @Test
    @Order(8)
    void noActorOfOneMspTenantCanSwitchAFlagOnForAnotherOrWithoutThePlatformPermission() {
      Map<String, Runnable> attempts = new LinkedHashMap<>();
      attempts.put("an MSP admin targeting another tenant", () -> h.facade.addFlagTarget(h.admin(), FeatureFlags.UI, flagTarget));
      attempts.put("a platform operator targeting another tenant",
          () -> h.facade.addFlagTarget(h.operator(), FeatureFlags.UI, flagTarget));
      Actor probeAdmin = h.actor(probe, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ,
          Permissions.SYSTEM_SETTINGS_UPDATE);
      attempts.put("an MSP admin targeting its own tenant without the platform permission",
          () -> h.facade.addFlagTarget(probeAdmin, FeatureFlags.UI, probe));
      h.hostFlags().set(probe, FeatureFlags.UI, false);
      try {
        attempts.forEach((what, attempt) -> {
          FacadeSnapshot before = snapshot();
          refusal(catchThrowable(attempt::run), Refusal.FORBIDDEN, what);
          snapshot().assertSameAs(before, what);
        });
        assertThat(h.hostFlags().isEnabled(flagTarget, FeatureFlags.UI)).isFalse();
      } finally {
        h.hostFlags().set(probe, FeatureFlags.UI, true);
      }
    }

    @ParameterizedTest(name = "{0} off: {1}")
    @MethodSource("surfaceFlagsAndCalls")
    @Order(9)
    void eachSurfaceFlagOffRefusesItsSurfaceOnly(String flag, FacadeCall call) {
      if (flag.equals(call.surfaceFlag())) {
        h.hostFlags().set(MSP, flag, false);
        try {
          assertRefusedWritingNothing(call, h.facade, h.admin(), Refusal.FEATURE_DISABLED);
        } finally {
          h.hostFlags().set(MSP, flag, true);
        }
      } else {
        // Outside its surface the flag changes nothing: the call passes the guard and ends in its own
        // outcome (for the probe tenant, without data or connection: a later refusal or a no-op).
        h.hostFlags().set(probe, flag, false);
        try {
          Actor probeAdmin = h.actor(probe, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ,
              Permissions.SYSTEM_SETTINGS_UPDATE, Permissions.ENTRA_FLAGS_MANAGE);
          Throwable thrown = catchThrowable(() -> call.invoke(h.facade, probeAdmin, fixture));
          if (thrown instanceof RefusedException) {
            assertThat(((RefusedException) thrown).refusal()).as("%s with %s off: %s", call.name(), flag, thrown.getMessage())
                .isNotEqualTo(Refusal.FEATURE_DISABLED).isNotEqualTo(Refusal.FORBIDDEN);
          }
        } finally {
          h.hostFlags().set(probe, flag, true);
        }
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionCalls")
    @Order(10)
    void withoutAConnectionTheCallsThatNeedOneAreRefusedNotConnected(FacadeCall call) {
      Actor probeAdmin = h.actor(probe, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ,
          Permissions.SYSTEM_SETTINGS_UPDATE);
      assertRefusedWritingNothing(call, h.facade, probeAdmin, Refusal.NOT_CONNECTED);
    }

    @Test
    @Order(11)
    void awaitRunRevealsNothingAboutAnotherMspTenantsRun() {
      Actor probeAdmin = h.actor(probe, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ);
      // The workflow ids are deterministic; with a blank run id Temporal picks the latest run of the id.
      LaunchedRun guessed = new LaunchedRun("entrasync/" + MSP.value() + "/initial", "", false);
      for (LaunchedRun foreign : List.of(guessed, fixture.run())) {
        Throwable thrown = catchThrowable(() -> assertThat(h.facade.awaitRun(probeAdmin, foreign, Duration.ofSeconds(5)))
            .as("status of another tenant's run %s/%s", foreign.workflowId(), foreign.runId()).isEmpty());
        if (thrown != null && !(thrown instanceof RefusedException)) {
          throw thrown instanceof AssertionError ? (AssertionError) thrown : new AssertionError(thrown);
        }
      }
      assertThat(h.facade.run(probeAdmin, fixture.run().runId())).as("run() is tenant-scoped").isEmpty();
    }

    @ParameterizedTest(name = "{0} off, then on")
    @MethodSource("phase1Flags")
    @Order(12)
    void turningAFlagOffAndOnAgainDeletesNothing(String flag) {
      List<Object> seen = visibleData();
      FacadeSnapshot before = snapshot();
      Actor admin = h.admin();
      h.hostFlags().set(MSP, flag, false);
      try {
        FacadeCall surfaceCall = FacadeCall.all().stream()
            .filter(c -> flag.equals(FeatureFlags.UI) ? !c.flagAdministration() : flag.equals(c.surfaceFlag()))
            .findFirst().orElseThrow();
        refusal(catchThrowable(() -> surfaceCall.invoke(h.facade, admin, fixture)), Refusal.FEATURE_DISABLED,
            surfaceCall.name() + " with " + flag + " off");
        snapshot().withoutFlags().assertSameAs(before.withoutFlags(), flag + " off");
      } finally {
        h.hostFlags().set(MSP, flag, true);
      }
      snapshot().assertSameAs(before, flag + " back on");
      assertThat(visibleData()).as("%s off then on shows the same data", flag).isEqualTo(seen);
      assertThat(h.facade.connectionStatus(admin).type()).isEqualTo(ConnectionType.CIPP);
      assertThat(h.facade.activeMappings(admin)).isNotEmpty();
      assertThat(h.facade.runHistory(admin, 50)).isNotEmpty();
      assertThat(h.facade.openQueue(admin)).isNotEmpty();
    }
  
    @Test
    @Order(13)
    void heldDeletionsAreShownWithNamesAndAnApprovalIsRecordedOnce() {
      Actor admin = h.admin();
      assertThat(h.facade.heldDeletions(admin)).singleElement().satisfies(v -> {
        assertThat(v.tenantId().value()).isEqualTo(GLOBEX);
        assertThat(v.tenantName()).isEqualTo("Globex");
        assertThat(v.count()).isEqualTo(1);
        assertThat(v.deleted()).isEqualTo(1);
        assertThat(v.reason()).isEqualTo(HoldReason.THRESHOLD_TRIPPED);
        assertThat(v.sampleNames()).containsExactly("Ann");
        assertThat(v.approved()).isFalse();
      });
      Actor probeAdmin = h.actor(probe, Actor.UserType.INTERNAL, Permissions.SYSTEM_SETTINGS_READ,
          Permissions.SYSTEM_SETTINGS_UPDATE);
      assertThat(h.facade.heldDeletions(probeAdmin)).as("tenant-scoped").isEmpty();
      refusal(catchThrowable(() -> h.facade.approveHeldDeletions(probeAdmin, EntraTenantId.of(GLOBEX))),
          Refusal.VALIDATION, "another MSP tenant's held set");

      var approved = h.facade.approveHeldDeletions(admin, EntraTenantId.of(GLOBEX));

      assertThat(approved.approvedBy()).isEqualTo(admin.userId());
      assertThat(approved.approvedAt()).isNotNull();
      assertThat(h.facade.heldDeletions(admin)).singleElement().satisfies(v -> assertThat(v.approved()).isTrue());
    }
  }
}
