package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.CredentialRejectedException.Remedy;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectAuthGateway.PartnerGrant;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenLifecycleTest extends GraphTestBase {
  private PartnerGrant grant;

  @BeforeEach
  void signIn() {
    grant = connect();
    emulator.clearRequests();
  }

  private List<GraphEmulator.Call> partnerRefreshes() {
    return emulator.requests(c -> c.isToken() && "refresh_token".equals(c.grantType())
        && emulator.partnerTenantId().equals(c.tenant()));
  }

  @Test
  void aFreshStoredAccessTokenIsUsedAsIs() {
    adapter.directoryGateway().validate(MSP);
    assertThat(emulator.requests(GraphEmulator.Call::isToken)).isEmpty();
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).orElseThrow()).isEqualTo(grant.refreshToken());
  }

  @Test
  void theAccessTokenIsRefreshedBeforeItExpiresAndTheRotationIsStored() {
    clock.advance(Duration.ofSeconds(3599 - 59)); // inside the 60 s skew
    adapter.directoryGateway().validate(MSP);

    assertThat(partnerRefreshes()).hasSize(1).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
    String refreshToken = secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).orElseThrow();
    String accessToken = secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN).orElseThrow();
    assertThat(refreshToken).isNotEqualTo(grant.refreshToken());
    assertThat(accessToken).isNotEqualTo(grant.accessToken());
    assertThat(Instant.parse(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT).orElseThrow()))
        .isEqualTo(clock.instant().plusSeconds(3599));
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE).orElseThrow()).contains("DelegatedAdminRelationship.Read.All");

    // the refreshed token is then used until it, too, nears expiry
    adapter.directoryGateway().validate(MSP);
    assertThat(partnerRefreshes()).hasSize(1);
  }

  @Test
  void concurrentCallersOfOneMspShareOnePartnerRefresh() throws Exception {
    clock.advance(Duration.ofHours(2));
    emulator.tokenLatency(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return adapter.directoryGateway().validate(MSP);
        }));
      }
      go.countDown();
      for (Future<Integer> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(3);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(partnerRefreshes()).hasSize(1);
  }

  @Test
  void aSignInOfAnotherPartnerTenantDropsTheCachedCustomerTokens() {
    list(CONTOSO, ListingRequest.full(999));
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID, "88888888-8888-4888-8888-888888888888");
    list(CONTOSO, ListingRequest.full(999));
    assertThat(emulator.tokenRequests(CONTOSO)).hasSize(2);
  }

  @Test
  void anAccessTokenOutsideTheSkewIsNotRefreshed() {
    clock.advance(Duration.ofSeconds(3599 - 61));
    adapter.directoryGateway().validate(MSP);
    assertThat(partnerRefreshes()).isEmpty();
  }

  @Test
  void aRejectedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
    emulator.invalidateAccessTokens();
    assertThat(adapter.directoryGateway().validate(MSP)).isEqualTo(3);

    List<GraphEmulator.Call> customers = emulator.graphRequests("/tenantRelationships");
    assertThat(customers).extracting(GraphEmulator.Call::status).containsExactly(401, 200);
    assertThat(partnerRefreshes()).hasSize(1);
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).orElseThrow()).isNotEqualTo(grant.refreshToken());
    assertThat(secrets.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN).orElseThrow()).isNotEqualTo(grant.accessToken());
  }

  @Test
  void aTokenRejectedAgainAfterTheRefreshAsksThePartnerToSignInAgain() {
    emulator.rejectToken();
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(Remedy.PARTNER_REAUTHENTICATION))
        .hasMessageContaining("sign in again")
        .hasMessageContaining("InvalidAuthenticationToken");
    assertThat(partnerRefreshes()).hasSize(1);
    assertThat(emulator.graphRequests("/tenantRelationships")).hasSize(2);
  }

  @Test
  void aCustomerTokenRejectedByGraphIsReplacedOnce() {
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
    emulator.invalidateAccessTokens();
    emulator.clearRequests();

    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
    assertThat(emulator.tokenRequests(CONTOSO)).hasSize(1);
    assertThat(emulator.graphRequests("/users/delta")).extracting(GraphEmulator.Call::status).containsExactly(401, 200);
  }

  @Test
  void customerTokensAreCachedUntilTheyNearExpiry() {
    list(CONTOSO, ListingRequest.full(999));
    list(CONTOSO, ListingRequest.full(999));
    adapter.directoryGateway().listManagedTenants(MSP);
    assertThat(emulator.tokenRequests(CONTOSO)).hasSize(1);
    assertThat(emulator.tokenRequests(CONTOSO).get(0).grantType()).isEqualTo("refresh_token");

    clock.advance(Duration.ofSeconds(3599 - 30));
    list(CONTOSO, ListingRequest.full(999));
    assertThat(emulator.tokenRequests(CONTOSO)).hasSize(2);
  }

  @Test
  void concurrentCallersOfOneTenantShareOneTokenRequest() throws Exception {
    emulator.tokenLatency(Duration.ofMillis(400));
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return list(FABRIKAM, ListingRequest.full(999)).changes().size();
        }));
      }
      go.countDown();
      for (Future<Integer> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(5);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(emulator.tokenRequests(FABRIKAM)).hasSize(1);
  }

  @Test
  void concurrentCallersShareTheFailureOfTheOneTokenRequest() throws Exception {
    emulator.tokenLatency(Duration.ofMillis(300)).consentMissing(NORTHWIND);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> {
          go.await();
          try {
            return list(NORTHWIND, ListingRequest.full(999));
          } catch (ConsentMissingException e) {
            return e;
          }
        }));
      }
      go.countDown();
      for (Future<Object> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(ConsentMissingException.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(emulator.tokenRequests(NORTHWIND).size()).isLessThan(4);
  }

  @Test
  void aCustomerTokenCarriesTheCustomerTenant() {
    list(CONTOSO, ListingRequest.full(999));
    assertThat(emulator.graphRequests("/users")).allSatisfy(c -> assertThat(c.tenant()).isEqualTo(CONTOSO));
    GraphEmulator.Call token = emulator.tokenRequests(CONTOSO).get(0);
    assertThat(token.path()).isEqualTo("/" + CONTOSO + "/oauth2/v2.0/token");
  }

  @Test
  void disconnectingMakesTheGatewayAskForAConnection() {
    list(CONTOSO, ListingRequest.full(999));
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      secrets.deleteTenantSecret(MSP, key);
    }
    assertThatThrownBy(() -> adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(CONTOSO),
        ListingRequest.full(999), p -> { }))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(Remedy.CONNECT));
  }
}
