package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entrasync.core.connection.ConnectionService;
import org.entrasync.core.connection.DirectoryGateways;
import org.entrasync.core.fakes.InMemoryConnectionRepository;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core connection lifecycle driving the real Graph adapter against the identity emulator. */
class DirectConnectionLifecycleTest extends GraphTestBase {
  private InMemoryConnectionRepository connections;
  private ConnectionService lifecycle;

  @BeforeEach
  void wireLifecycle() {
    connections = new InMemoryConnectionRepository();
    lifecycle = new ConnectionService(secrets, connections,
        new DirectoryGateways(List.of(adapter.directoryGateway()), connections), adapter.authGateway(), null, clock);
  }

  private Map<String, String> signIn() {
    AuthorizationStart start = lifecycle.startDirect(MSP, ADMIN, null);
    return emulator.authorize(start.authorizationUrl());
  }

  private void haveACippConnectionAlready() {
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, "https://cipp-x.azurewebsites.net");
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN, "old-cipp-token");
    connections.activate(new PartnerConnection(MSP, ConnectionType.CIPP, ConnectionStatus.CONNECTED,
        Instant.parse("2026-11-01T00:00:00Z"), null, null));
  }

  @Test
  void aCompletedSignInStoresEveryDirectSecretAndClearsOnlyTheCippOnes() {
    haveACippConnectionAlready();

    PartnerConnection connected = lifecycle.completeDirect(MSP, ADMIN, signIn());

    assertThat(connected.type()).isEqualTo(ConnectionType.DIRECT);
    assertThat(connections.findActive(MSP)).contains(connected);
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isPresent();
    }
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID)).contains(emulator.partnerTenantId());
    assertThat(Instant.parse(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT).orElseThrow())).isAfter(clock.instant());
    for (String key : SecretKeys.CIPP_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_ID)).as("the app registration stays").isPresent();
    assertThat(lifecycle.validate(MSP).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void aFailedCallbackStoresNothingAndLeavesTheExistingConnectionAlone() {
    haveACippConnectionAlready();
    Map<String, String> forged = new HashMap<>(signIn());
    forged.put("state", "not-the-state-we-issued");

    assertThatThrownBy(() -> lifecycle.completeDirect(MSP, ADMIN, forged)).isInstanceOf(EntraRejectedException.class);
    assertThatThrownBy(() -> lifecycle.completeDirect(MSP, ADMIN,
        Map.of("error", "access_denied", "error_description", "The user declined"))).isInstanceOf(EntraRejectedException.class);

    assertThat(connections.findActive(MSP)).get().extracting(PartnerConnection::type).isEqualTo(ConnectionType.CIPP);
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN)).contains("old-cipp-token");
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
  }

  @Test
  void aRevokedRefreshTokenMakesValidationAskThePartnerToSignInAgain() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    String refreshToken = secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).orElseThrow();
    emulator.revokeRefreshTokens();
    emulator.invalidateAccessTokens();

    PartnerConnection checked = lifecycle.validate(MSP);

    assertThat(checked.status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
    assertThat(checked.lastValidationError()).containsIgnoringCase("sign in again").doesNotContain(refreshToken);
    assertThat(connections.findActive(MSP)).get().extracting(PartnerConnection::status).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
  }

  @Test
  void disconnectRemovesTheTokensAndKeepsTheConnectionAsHistory() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());

    lifecycle.disconnect(MSP);

    assertThat(connections.findActive(MSP)).isEmpty();
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
    assertThat(lifecycle.presentSecretNames(MSP)).isEmpty();
    assertThat(connections.history(MSP)).singleElement().satisfies(previous -> {
      assertThat(previous.type()).isEqualTo(ConnectionType.DIRECT);
      assertThat(previous.status()).isEqualTo(ConnectionStatus.DISCONNECTED);
    });
  }
}
