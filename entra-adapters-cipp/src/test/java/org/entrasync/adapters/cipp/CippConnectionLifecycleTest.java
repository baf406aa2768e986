package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.internal.connection.ConnectionService;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.InMemoryConnectionRepository;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncObserver.UpstreamThrottled;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core connection lifecycle driving the real CIPP adapter against the CIPP emulator. */
class CippConnectionLifecycleTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-lifecycle");
  private static final String TOKEN = "lifecycle-token-0123456789";

  private CippEmulator cipp;
  private CippDirectoryGateway gateway;
  private InMemorySecretProvider secrets;
  private InMemoryConnectionRepository connections;
  private ConnectionService lifecycle;
  private MutableClock clock;
  private final List<UpstreamThrottled> throttled = new CopyOnWriteArrayList<>();
  private final SyncObserver observer = new SyncObserver() {
    @Override public void upstreamThrottled(UpstreamThrottled e) { throttled.add(e); }
  };

  @BeforeEach
  void setUp() {
    EmulatedDirectory directory = new EmulatedDirectory();
    directory.addTenant("0b6f6c1e-1111-4a2b-9c3d-000000000001", "Acme Dental", "acmedental.example")
        .upsert(EmulatedUser.member("a1000000-0000-4000-8000-000000000001", "dana@acmedental.example", "Dana Lee"));
    cipp = new CippEmulator(directory).start().acceptToken(TOKEN);
    secrets = new InMemorySecretProvider();
    connections = new InMemoryConnectionRepository();
    gateway = new CippDirectoryGateway(secrets, CippConnectionConfig.builder()
        .retryPolicy(UpstreamRetryPolicy.NONE).interactiveRetryPolicy(UpstreamRetryPolicy.NONE).allowLoopback(true).build());
    clock = MutableClock.at(java.time.Instant.parse("2026-11-29T12:00:00Z"));
    lifecycle = new ConnectionService(secrets, connections, new DirectoryGateways(List.of(gateway), connections), null, gateway.connectionValidator(), clock, observer);
  }

  @AfterEach
  void tearDown() {
    gateway.close();
    cipp.close();
  }

  private void haveADirectConnectionAlready() {
    secrets.putTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_ID, "app");
    secrets.putTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, "app-secret");
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      secrets.putTenantSecret(MSP, key, "old-" + key);
    }
    connections.activate(new PartnerConnection(MSP, ConnectionType.DIRECT, ConnectionStatus.CONNECTED,
        java.time.Instant.parse("2026-11-01T00:00:00Z"), null, null));
  }

  @Test
  void aConnectThatCippThrottlesWaitsInProcessAndTheWaitIsTheMspsThrottlingEvent() {
    try (CippDirectoryGateway patient = new CippDirectoryGateway(secrets, CippConnectionConfig.builder()
        .retryPolicy(UpstreamRetryPolicy.NONE).interactiveRetryPolicy(UpstreamRetryPolicy.INTERACTIVE).allowLoopback(true)
        .build())) {
      ConnectionService operatorCalls = new ConnectionService(secrets, connections,
          new DirectoryGateways(List.of(patient), connections), null, patient.connectionValidator(), clock, observer);
      cipp.retryAfterSeconds(1).fault(CippEmulator.Fault.TOO_MANY_REQUESTS, 1);

      assertThat(operatorCalls.connectCipp(MSP, CippCredentials.withToken(cipp.baseUrl(), TOKEN)).status())
          .isEqualTo(ConnectionStatus.CONNECTED);

      assertThat(throttled).containsExactly(new UpstreamThrottled(MSP, null, Duration.ofSeconds(1)));
    }
  }

  @Test
  void aRefusedTokenLeavesNoRecordAndTheExistingConnectionUntouched() {
    haveADirectConnectionAlready();

    assertThatThrownBy(() -> lifecycle.connectCipp(MSP, CippCredentials.withToken(cipp.baseUrl(), "wrong-token")))
        .isInstanceOf(CredentialRejectedException.class)
        .hasMessageContaining("rotate");

    assertThat(connections.findActive(MSP)).get().extracting(PartnerConnection::type).isEqualTo(ConnectionType.DIRECT);
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).contains("old-" + key);
    }
    for (String key : SecretKeys.CIPP_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
  }

  @Test
  void aBadBaseUrlIsRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(() -> lifecycle.connectCipp(MSP, CippCredentials.withToken("ftp://cipp.example/api?x=1", TOKEN)))
        .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.VALIDATION))
        .hasMessageContaining("Function App");
    assertThat(connections.findActive(MSP)).isEmpty();
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL)).isEmpty();
  }

  @Test
  void switchingToCippClearsExactlyTheDirectSecretsAndStoresTheNormalizedUrl() {
    haveADirectConnectionAlready();

    PartnerConnection connected = lifecycle.connectCipp(MSP, CippCredentials.withToken(cipp.baseUrl() + "/api/", TOKEN));

    assertThat(connected.type()).isEqualTo(ConnectionType.CIPP);
    assertThat(connections.findActive(MSP)).contains(connected);
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_ID)).as("shared app credentials stay").contains("app");
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL)).contains(cipp.baseUrl());
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN)).contains(TOKEN);
    assertThat(lifecycle.validate(MSP).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void validationRecordsARevokedTokenAndDisconnectKeepsHistoryButNotSecrets() {
    lifecycle.connectCipp(MSP, CippCredentials.withToken(cipp.baseUrl(), TOKEN));
    cipp.revokeToken(TOKEN);

    PartnerConnection checked = lifecycle.validate(MSP);

    assertThat(checked.status()).isEqualTo(ConnectionStatus.ERROR);
    assertThat(checked.lastValidationError()).contains("rotate").doesNotContain(TOKEN);

    lifecycle.disconnect(MSP);
    assertThat(connections.findActive(MSP)).isEmpty();
    for (String key : SecretKeys.CIPP_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
  }

  @Test
  void anAddressInsideTheHostsNetworkIsRefusedAndNothingIsStored() {
    try (CippDirectoryGateway strict = new CippDirectoryGateway(secrets, CippConnectionConfig.defaults())) {
      ConnectionService guarded = new ConnectionService(secrets, connections,
          new DirectoryGateways(List.of(strict), connections), null, strict.connectionValidator(), clock, SyncObserver.NONE);
      for (String url : List.of("https://169.254.169.254", "https://10.0.0.5:8443", "http://cipp.example",
          "http://localhost:9200", cipp.baseUrl())) {
        assertThatThrownBy(() -> guarded.connectCipp(MSP, CippCredentials.withToken(url, TOKEN)))
            .as(url)
            .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.VALIDATION));
      }
    }
    assertThat(connections.findActive(MSP)).isEmpty();
    for (String key : SecretKeys.CIPP_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
    assertThat(cipp.requests()).isEmpty();
  }

  @Test
  void aBodyThatIsNotCippsNeverReachesTheStoredValidationError() {
    lifecycle.connectCipp(MSP, CippCredentials.withToken(cipp.baseUrl(), TOKEN));
    cipp.respondOnce("ListTenants", 500, "text/plain", "DB_PASSWORD=hunter2");

    PartnerConnection checked = lifecycle.validate(MSP);

    assertThat(checked.status()).isEqualTo(ConnectionStatus.ERROR);
    assertThat(checked.lastValidationError()).contains("HTTP 500").contains("not quoted").doesNotContain("hunter2");
  }
}
