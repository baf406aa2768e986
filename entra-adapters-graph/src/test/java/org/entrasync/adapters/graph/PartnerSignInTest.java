package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.entrasync.adapters.graph.internal.Pkce;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.CredentialRejectedException.Remedy;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.DirectAuthGateway.PartnerGrant;
import org.entrasync.spi.Actor;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.Test;

class PartnerSignInTest extends GraphTestBase {

  private GraphDirectAuthGateway auth() {
    return adapter.authGateway();
  }

  @Test
  void authorizationUrlUsesTheV2EndpointWithStateAndPkce() {
    Instant now = clock.instant();
    adapter = newAdapter(config().allowedRedirectUris(List.of(uri("https://psa.example/entra/callback"),
        uri("https://psa.example/cb"))).build());
    AuthorizationStart start = auth().startAuthorization(MSP, ADMIN, uri("https://psa.example/cb"));

    HttpUrl url = HttpUrl.get(start.authorizationUrl().toString());
    assertThat(url.encodedPath()).isEqualTo("/" + emulator.partnerTenantId() + "/oauth2/v2.0/authorize");
    assertThat(url.queryParameter("client_id")).isEqualTo(emulator.clientId());
    assertThat(url.queryParameter("response_type")).isEqualTo("code");
    assertThat(url.queryParameter("redirect_uri")).isEqualTo("https://psa.example/cb");
    assertThat(url.queryParameter("response_mode")).isEqualTo("query");
    assertThat(url.queryParameter("scope")).isEqualTo("openid offline_access https://graph.microsoft.com/User.Read"
        + " https://graph.microsoft.com/DelegatedAdminRelationship.Read.All https://graph.microsoft.com/User.Read.All");
    assertThat(url.queryParameter("state")).isEqualTo(start.state()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(url.queryParameter("code_challenge")).hasSize(43);
    assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
    assertThat(start.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(10)));
    assertThat(url.queryParameterNames()).doesNotContain("client_secret", "code_verifier");
  }

  @Test
  void withoutAnAppTenantTheUrlUsesOrganizations() {
    secrets.deleteTenantSecret(MSP, SecretKeys.MICROSOFT_TENANT_ID);
    AuthorizationStart start = auth().startAuthorization(MSP, ADMIN, null);
    assertThat(start.authorizationUrl().getPath()).isEqualTo("/organizations/oauth2/v2.0/authorize");
    assertThat(start.authorizationUrl().toString()).contains("redirect_uri=https%3A%2F%2Fpsa.example%2Fentra%2Fcallback");
  }

  @Test
  void statesAreRandomAndSingleUse() {
    String a = auth().startAuthorization(MSP, ADMIN, null).state();
    String b = auth().startAuthorization(MSP, ADMIN, null).state();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void completingTheCallbackExchangesTheCodeProbesGraphAndStoresNothing() {
    Instant now = clock.instant();
    AuthorizationStart start = auth().startAuthorization(MSP, ADMIN, null);
    Map<String, String> callback = emulator.authorize(start.authorizationUrl());
    assertThat(callback).containsKeys("code", "state");

    PartnerGrant grant = auth().completeAuthorization(MSP, ADMIN, callback);

    assertThat(grant.partnerTenantId()).isEqualTo(emulator.partnerTenantId());
    assertThat(grant.accessToken()).isNotBlank();
    assertThat(grant.refreshToken()).isNotBlank();
    assertThat(grant.expiresAt()).isEqualTo(now.plusSeconds(3599));
    assertThat(grant.scope()).contains("https://graph.microsoft.com/User.Read.All");
    assertThat(grant.toString()).doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken());
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).as(key).isEmpty();
    }
    List<GraphEmulator.Call> calls = emulator.requests();
    GraphEmulator.Call token = calls.get(calls.size() - 2);
    GraphEmulator.Call probe = calls.get(calls.size() - 1);
    assertThat(token.grantType()).isEqualTo("authorization_code");
    assertThat(token.status()).isEqualTo(200);
    assertThat(probe.path()).isEqualTo("/v1.0/tenantRelationships/delegatedAdminCustomers");
    assertThat(probe.query()).containsEntry("$top", "1");
    assertThat(probe.tenant()).isEqualTo(emulator.partnerTenantId());
  }

  @Test
  void aMissingStateIsRejected() {
    Map<String, String> callback = new HashMap<>(emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl()));
    callback.remove("state");
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("carries no state");
    assertThat(emulator.requests(GraphEmulator.Call::isToken)).isEmpty();
  }

  @Test
  void anUnknownStateIsRejected() {
    Map<String, String> callback = new HashMap<>(emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl()));
    callback.put("state", Pkce.randomToken(32));
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("unknown state");
  }

  @Test
  void aReusedStateIsRejected() {
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    auth().completeAuthorization(MSP, ADMIN, callback);
    int tokenCalls = emulator.requests(GraphEmulator.Call::isToken).size();

    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("already used");
    assertThat(emulator.requests(GraphEmulator.Call::isToken)).hasSize(tokenCalls);
  }

  @Test
  void anExpiredStateIsRejected() {
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aStateOfAnotherUserOrTenantIsRejected() {
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    Actor intruder = Actor.internal(MSP, "user-other");
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, intruder, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("another user or for another tenant");

    Map<String, String> second = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    MspTenantId otherMsp = MspTenantId.of("msp-2");
    assertThatThrownBy(() -> auth().completeAuthorization(otherMsp, Actor.internal(otherMsp, ADMIN.userId()), second))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("another user or for another tenant");
    assertThat(emulator.requests(GraphEmulator.Call::isToken)).isEmpty();
  }

  @Test
  void anErrorCallbackIsRejectedAndBurnsTheState() {
    emulator.failNextAuthorization("access_denied", "AADSTS65004: User declined to consent to access the app.");
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    assertThat(callback).containsKey("error").doesNotContainKey("code");

    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("access_denied")
        .hasMessageContaining("AADSTS65004")
        .hasMessageContaining("declined");
    Map<String, String> retry = new HashMap<>(callback);
    retry.remove("error");
    retry.put("code", "forged");
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, retry))
        .hasMessageContaining("already used");
  }

  @Test
  void aCodeRedeemedWithTheWrongVerifierIsRejectedByTheIdentityPlatform() {
    AuthorizationStart first = auth().startAuthorization(MSP, ADMIN, null);
    AuthorizationStart second = auth().startAuthorization(MSP, ADMIN, null);
    Map<String, String> callbackOfFirst = emulator.authorize(first.authorizationUrl());
    // the code of the first sign-in presented with the state (and so the verifier) of the second
    Map<String, String> swapped = Map.of("code", callbackOfFirst.get("code"), "state", second.state());

    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, swapped))
        .isInstanceOf(CredentialRejectedException.class)
        .hasMessageContaining("AADSTS50148")
        .hasMessageContaining("sign in again");
    GraphEmulator.Call token = emulator.requests(GraphEmulator.Call::isToken).get(0);
    assertThat(token.status()).isEqualTo(400);
  }

  @Test
  void aFailedProbeRejectsTheSignIn() {
    emulator.forbidPartner();
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("DelegatedAdminRelationship.Read.All")
        .hasMessageContaining("403");
    for (String key : SecretKeys.DIRECT_CONNECTION_KEYS) {
      assertThat(secrets.getTenantSecret(MSP, key)).isEmpty();
    }
  }

  @Test
  void scopesWithoutOfflineAccessYieldNoRefreshTokenAndAreRejected() {
    adapter = newAdapter(config().scopes(List.of("openid", "https://graph.microsoft.com/User.Read")).build());
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("offline_access");
  }

  @Test
  void aWrongClientSecretAsksToFixTheAppCredentials() {
    Map<String, String> callback = emulator.authorize(auth().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    secrets.putTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, "wrong-secret");
    assertThatThrownBy(() -> auth().completeAuthorization(MSP, ADMIN, callback))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(Remedy.FIX_APP_CREDENTIALS))
        .hasMessageContaining("invalid_client")
        .hasMessageNotContaining("wrong-secret");
  }

  @Test
  void withoutAppCredentialsNoSignInStarts() {
    secrets.deleteTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_ID);
    assertThatThrownBy(() -> auth().startAuthorization(MSP, ADMIN, null))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(Remedy.FIX_APP_CREDENTIALS));
  }

  @Test
  void aPendingStoreOfTheHostIsUsed() {
    InMemoryPendingAuthorizationStore shared = new InMemoryPendingAuthorizationStore(clock);
    GraphAdapter nodeA = GraphAdapter.create(config().build(), secrets,
        new org.entrasync.core.connection.MicrosoftAppCredentialsResolver(secrets, n -> null), shared);
    GraphAdapter nodeB = GraphAdapter.create(config().build(), secrets,
        new org.entrasync.core.connection.MicrosoftAppCredentialsResolver(secrets, n -> null), shared);
    Map<String, String> callback = emulator.authorize(nodeA.authGateway().startAuthorization(MSP, ADMIN, null).authorizationUrl());
    assertThat(shared.size()).isEqualTo(1);
    assertThat(nodeB.authGateway().completeAuthorization(MSP, ADMIN, callback).partnerTenantId())
        .isEqualTo(emulator.partnerTenantId());
    nodeA.close();
    nodeB.close();
  }
}
