package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.junit.jupiter.api.Test;

class GraphConnectionConfigTest {

  @Test
  void defaultsAreThePublicCloudWithLeastPrivilegeScopes() {
    GraphConnectionConfig c = GraphConnectionConfig.defaults();
    assertThat(c.authorityBaseUrl()).isEqualTo(URI.create("https://login.microsoftonline.com"));
    assertThat(c.graphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
    assertThat(c.scopeString()).isEqualTo("openid offline_access https://graph.microsoft.com/User.Read"
        + " https://graph.microsoft.com/DelegatedAdminRelationship.Read.All https://graph.microsoft.com/User.Read.All");
    assertThat(c.pageSize()).isEqualTo(999);
    assertThat(c.tokenRefreshSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.authorizationLifetime()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.retryPolicy()).isEqualTo(UpstreamRetryPolicy.BACKGROUND);
    assertThat(c.interactiveRetryPolicy()).isEqualTo(UpstreamRetryPolicy.INTERACTIVE);
    assertThat(c.redirectUri()).isNull();
    assertThat(c.clock()).isEqualTo(Clock.systemUTC());
  }

  @Test
  void aTrailingSlashIsDroppedAndTheBuilderRoundTrips() {
    GraphConnectionConfig c = GraphConnectionConfig.builder().graphBaseUrl("http://127.0.0.1:8089/v1.0/")
        .redirectUri("https://psa.example/cb").pageSize(500).build();
    assertThat(c.graphBaseUrl().toString()).isEqualTo("http://127.0.0.1:8089/v1.0");
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void plainHttpIsOnlyAcceptedOnLoopback() {
    assertThatThrownBy(() -> GraphConnectionConfig.builder().graphBaseUrl("http://graph.example/v1.0").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    assertThatThrownBy(() -> GraphConnectionConfig.builder().authorityBaseUrl("http://login.example").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GraphConnectionConfig.builder().authorityBaseUrl("http://localhost:1234").build().authorityBaseUrl())
        .hasHost("localhost");
  }

  @Test
  void valuesAreValidated() {
    assertThatThrownBy(() -> GraphConnectionConfig.builder().pageSize(1000).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().pageSize(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().retryPolicy(null).build()).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().scopes(List.of()).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().scopes(List.of("a b")).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().readTimeout(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().redirectUri("/relative").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GraphConnectionConfig.builder().graphBaseUrl("https://graph.example/v1.0?x=1").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
