package org.entrasync.adapters.graph;

import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OAuth {@code redirect_uri} of a sign-in must be one the host configured: the authorization
 * code goes there, so any other absolute URI (a script URI, a foreign host) is refused and nothing
 * is stored.
 */
class RedirectUriTest extends GraphTestBase {

  private GraphAdapter adapterWith(GraphConnectionConfig config, InMemoryPendingAuthorizationStore pending) {
    return GraphAdapter.create(config, secrets, new MicrosoftAppCredentialsResolver(secrets, n -> null), pending);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "javascript:alert(document.cookie)",
    "https://evil.example/entra/callback",
    "https://psa.example/entra/callback/../../steal",
    "https://psa.example/entra/callback?next=https://evil.example",
    "http://psa.example/entra/callback",
    "HTTPS://psa.example/entra/CALLBACK",
    "http://localhost:8080/entra/callback"})
  void aRedirectUriTheHostDidNotConfigureIsRefusedAndNothingIsStored(String redirect) {
    InMemoryPendingAuthorizationStore pending = new InMemoryPendingAuthorizationStore(clock);
    GraphAdapter graph = adapterWith(config().build(), pending);
    try {
      assertThatThrownBy(() -> graph.authGateway().startAuthorization(MSP, ADMIN, uri(redirect)))
          .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.VALIDATION))
          .hasMessageContaining("redirect URI");
      assertThat(pending.size()).isZero();
    } finally {
      graph.close();
    }
  }

  @Test
  void theConfiguredRedirectUriAndTheOtherAllowedOnesAreAccepted() {
    InMemoryPendingAuthorizationStore pending = new InMemoryPendingAuthorizationStore(clock);
    GraphAdapter graph = adapterWith(config()
        .allowedRedirectUris(List.of(uri("https://psa.example/entra/callback"), uri("https://psa2.example/cb"),
            uri("http://localhost:8080/entra/callback")))
        .build(), pending);
    try {
      graph.authGateway().startAuthorization(MSP, ADMIN, null);
      graph.authGateway().startAuthorization(MSP, ADMIN, uri("https://psa2.example/cb"));
      graph.authGateway().startAuthorization(MSP, ADMIN, uri("http://localhost:8080/entra/callback"));
      assertThat(pending.size()).isEqualTo(3);
    } finally {
      graph.close();
    }
  }

  @Test
  void theHostConfiguresOnlyHttpsRedirectUrisOrPlainHttpOnLoopback() {
    assertThatThrownBy(() -> config().allowedRedirectUris(List.of(uri("http://psa.example/cb"))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    assertThatThrownBy(() -> config().allowedRedirectUris(List.of(uri("javascript:alert(1)"))).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config().allowedRedirectUris(List.of(uri("https://psa.example/cb#frag"))).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config().redirectUri("http://psa.example/cb").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(config().redirectUri("https://psa.example/x").build().allowedRedirectUris())
        .as("the default redirect URI is allowed").contains(uri("https://psa.example/x"));
  }

  @Test
  void theIdentityPlatformRefusesARedirectUriTheAppDidNotRegister() {
    GraphAdapter graph = adapterWith(config().redirectUri("https://psa.example/not-registered").build(),
        new InMemoryPendingAuthorizationStore(clock));
    try {
      assertThatThrownBy(() -> emulator.authorize(graph.authGateway().startAuthorization(MSP, ADMIN, null).authorizationUrl()))
          .hasMessageContaining("AADSTS50011");
    } finally {
      graph.close();
    }
  }
}
