package org.entrasync.adapters.graph;

import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entrasync.core.internal.connection.ConnectionService;
import org.entrasync.core.internal.connection.DirectoryGateways;
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
        new DirectoryGateways(List.of(adapter.directoryGateway()), connections), adapter.authGateway(), null, clock, SyncObserver.NONE);
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

  // ---- races with disconnect and switch (issue 13 §4) -------------------------------------------

  private void expirePartnerAccessToken() {
    clock.advance(java.time.Duration.ofHours(2));
  }

  private void assertNoDirectSecretLeft() {
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
  }

  @Test
  void aTokenRefreshThatFinishesAfterADisconnectWritesNoTokenBack() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    expirePartnerAccessToken();
    emulator.whileIssuingRefresh(authority -> lifecycle.disconnect(MSP));

    assertThatThrownBy(() -> adapter.directoryGateway().listManagedTenants(MSP))
        .isInstanceOfSatisfying(org.entrasync.core.error.CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(org.entrasync.core.error.CredentialRejectedException.Remedy.CONNECT));
    assertNoDirectSecretLeft();
    assertThat(connections.findActive(MSP)).isEmpty();
  }

  @Test
  void aDisconnectBetweenTheCheckAndTheWriteOfARefreshLeavesNoTokenEither() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    expirePartnerAccessToken();
    // the disconnect lands while the refresh writes its first secret: the write-then-verify removes it
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    org.entrasync.spi.SecretProvider racing = new org.entrasync.spi.SecretProvider() {
      @Override
      public java.util.Optional<String> getTenantSecret(org.entrasync.spi.MspTenantId t, String key) {
        return secrets.getTenantSecret(t, key);
      }

      @Override
      public void putTenantSecret(org.entrasync.spi.MspTenantId t, String key, String value) {
        secrets.putTenantSecret(t, key, value);
        if (key.equals(SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN) && once.compareAndSet(false, true)) {
          lifecycle.disconnect(MSP);
        }
      }

      @Override
      public void deleteTenantSecret(org.entrasync.spi.MspTenantId t, String key) {
        secrets.deleteTenantSecret(t, key);
      }

      @Override
      public java.util.Optional<String> getAppSecret(String name) {
        return secrets.getAppSecret(name);
      }
    };
    GraphAdapter node = GraphAdapter.create(config().build(), racing,
        new org.entrasync.core.connection.MicrosoftAppCredentialsResolver(racing, n -> null),
        new InMemoryPendingAuthorizationStore(clock), connections);
    try {
      assertThatThrownBy(() -> node.directoryGateway().listManagedTenants(MSP))
          .isInstanceOf(org.entrasync.core.error.CredentialRejectedException.class);
    } finally {
      node.close();
    }
    assertThat(once).isTrue();
    assertNoDirectSecretLeft();
  }

  @Test
  void aRefreshOfThePreviousSignInDoesNotOverwriteANewSignInThatLandsMeanwhile() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    expirePartnerAccessToken();
    Map<String, String> next = signIn();
    String[] newRefreshToken = new String[1];
    emulator.whileIssuingRefresh(authority -> {
      emulator.whileIssuingRefresh(null);
      lifecycle.completeDirect(MSP, ADMIN, next);
      newRefreshToken[0] = secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).orElseThrow();
    });

    try {
      adapter.directoryGateway().listManagedTenants(MSP);
    } catch (org.entrasync.core.error.CredentialRejectedException e) {
      // the refresh of the old sign-in gave way; a retry works with the new one
    }

    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN)).contains(newRefreshToken[0]);
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
  }

  @Test
  void aDisconnectOnAnotherNodeFencesThisNodesRefreshThroughTheStoredGeneration() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    expirePartnerAccessToken();
    // node B shares the secret store and the connection store, but hears nothing from node A's lifecycle
    GraphAdapter nodeB = GraphAdapter.create(config().build(), secrets,
        new org.entrasync.core.connection.MicrosoftAppCredentialsResolver(secrets, n -> null),
        new InMemoryPendingAuthorizationStore(clock), connections);
    emulator.whileIssuingRefresh(authority -> lifecycle.disconnect(MSP));
    try {
      assertThatThrownBy(() -> nodeB.directoryGateway().listManagedTenants(MSP))
          .isInstanceOf(org.entrasync.core.error.CredentialRejectedException.class);
    } finally {
      nodeB.close();
    }
    assertNoDirectSecretLeft();
  }

  // ---- a listing fenced with the generation its work started under (issue 17) ---------------------

  /** Node B: shares the secret and connection stores, hears nothing of this node's lifecycle; counts generation reads. */
  private GraphAdapter nodeCounting(java.util.concurrent.atomic.AtomicInteger generationReads) {
    return GraphAdapter.create(config().build(), secrets,
        new org.entrasync.core.connection.MicrosoftAppCredentialsResolver(secrets, n -> null),
        new InMemoryPendingAuthorizationStore(clock), msp -> {
          generationReads.incrementAndGet();
          return connections.activeGeneration(msp);
        });
  }

  private static org.entrasync.core.port.out.DirectoryGateway.ListingRequest fullListingUnder(long generation) {
    return org.entrasync.core.port.out.DirectoryGateway.ListingRequest.full(999)
        .underGeneration(java.util.OptionalLong.of(generation));
  }

  @Test
  void aCustomerTokenUnderAKnownGenerationReadsTheStoredGenerationOnce() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    long generation = connections.activeGeneration(MSP).getAsLong();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    GraphAdapter nodeB = nodeCounting(reads);
    try {
      java.util.List<org.entrasync.core.port.out.DirectoryGateway.DirectoryPage> pages = new java.util.ArrayList<>();
      nodeB.directoryGateway().streamUsers(MSP, org.entrasync.core.model.EntraTenantId.of(FABRIKAM),
          fullListingUnder(generation), pages::add);

      assertThat(pages).isNotEmpty();
      assertThat(reads).as("the fence's check after the token request; the mark is the known generation").hasValue(1);
    } finally {
      nodeB.close();
    }
  }

  @Test
  void aCustomerTokenObtainedWhileAnotherNodeDisconnectsIsDiscardedThoughTheListingKnewTheGeneration() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    long generation = connections.activeGeneration(MSP).getAsLong();
    GraphAdapter nodeB = nodeCounting(new java.util.concurrent.atomic.AtomicInteger());
    emulator.whileIssuingRefresh(authority -> {
      if (FABRIKAM.equals(authority)) {
        lifecycle.disconnect(MSP);
      }
    });
    try {
      assertThatThrownBy(() -> nodeB.directoryGateway().streamUsers(MSP,
          org.entrasync.core.model.EntraTenantId.of(FABRIKAM), fullListingUnder(generation), page -> {}))
          .isInstanceOfSatisfying(org.entrasync.core.error.CredentialRejectedException.class,
              e -> assertThat(e.remedy()).isEqualTo(org.entrasync.core.error.CredentialRejectedException.Remedy.CONNECT));
      assertThat(nodeB.runtime().customerTokens.cachedCount()).as("never cached").isZero();
    } finally {
      nodeB.close();
    }
  }

  @Test
  void aListingStartedUnderAConnectionReplacedSinceGetsNoTokenOfTheNewOne() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    long before = connections.activeGeneration(MSP).getAsLong();
    lifecycle.completeDirect(MSP, ADMIN, signIn()); // a new sign-in on another node: a new generation
    GraphAdapter nodeB = nodeCounting(new java.util.concurrent.atomic.AtomicInteger());
    try {
      assertThatThrownBy(() -> nodeB.directoryGateway().streamUsers(MSP,
          org.entrasync.core.model.EntraTenantId.of(FABRIKAM), fullListingUnder(before), page -> {}))
          .isInstanceOf(org.entrasync.core.error.CredentialRejectedException.class)
          // the operator's remedy: the work runs again under the new connection; connecting is only
          // needed when there is none
          .hasMessageContaining("disconnected or replaced")
          .hasMessageContaining("run the sync again");
      assertThat(nodeB.runtime().customerTokens.cachedCount()).isZero();
      // work that starts under the new connection lists as usual
      nodeB.directoryGateway().streamUsers(MSP, org.entrasync.core.model.EntraTenantId.of(FABRIKAM),
          fullListingUnder(connections.activeGeneration(MSP).getAsLong()), page -> {});
    } finally {
      nodeB.close();
    }
  }

  @Test
  void disconnectForgetsTheCachedCustomerTokens() {
    lifecycle.completeDirect(MSP, ADMIN, signIn());
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
    assertThat(adapter.runtime().customerTokens.cachedCount()).isEqualTo(3);

    lifecycle.disconnect(MSP);

    assertThat(adapter.runtime().customerTokens.cachedCount()).isZero();
    assertThat(adapter.runtime().cachedClientCount()).isZero();
  }
}
