package org.entrasync.adapters.cipp;

import org.entrasync.adapters.cipp.internal.CippConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.RefusedException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.Test;

class CippCredentialsAndConfigTest {
  private static final String BASE = "https://cipp-abc.azurewebsites.net/api/";
  private static final String CLIENT = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  private static final MspTenantId MSP = MspTenantId.of("msp-one");

  @Test
  void configDefaults() {
    CippConnectionConfig c = CippConnectionConfig.defaults();
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(240));
    assertThat(c.tokenAuthority()).isEqualTo("https://login.microsoftonline.com");
    assertThat(c.pageSize()).isEqualTo(999);
    assertThat(c.toBuilder().readTimeout(Duration.ofSeconds(30)).build().readTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void configRefusesNonsense() {
    assertThatThrownBy(() -> CippConnectionConfig.builder().pageSize(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CippConnectionConfig.builder().pageSize(1000).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CippConnectionConfig.builder().retryPolicy(null).build()).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CippConnectionConfig.builder().readTimeout(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CippConnectionConfig.builder().tokenAuthority("http://login.example").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CippConnectionConfig.builder().tokenAuthority("http://127.0.0.1:1234/").build().tokenAuthority())
        .isEqualTo("http://127.0.0.1:1234");
  }

  @Test
  void tokenCredentialsNormalizeAndNeverPrintSecrets() {
    CippConnection c = CippConnection.withToken(BASE, "  tok-123456  ");
    assertThat(c.baseUrl().value()).isEqualTo("https://cipp-abc.azurewebsites.net");
    assertThat(c.apiToken()).isEqualTo("tok-123456");
    assertThat(c.hasClient()).isFalse();
    assertThat(c.toString()).doesNotContain("tok-123456").contains("<redacted>");
    assertThat(c.toSecrets()).isEqualTo(Map.of(
        SecretKeys.ENTRA_CIPP_BASE_URL, "https://cipp-abc.azurewebsites.net",
        SecretKeys.ENTRA_CIPP_API_TOKEN, "tok-123456"));
  }

  @Test
  void clientCredentialsNeedAllThreeParts() {
    CippConnection c = CippConnection.withClient(BASE, CLIENT, "s3cr3t-value", "msp.onmicrosoft.com");
    assertThat(c.hasClient()).isTrue();
    assertThat(c.toString()).doesNotContain("s3cr3t-value").contains(CLIENT);
    assertThat(c.toSecrets()).containsEntry(SecretKeys.ENTRA_CIPP_CLIENT_SECRET, "s3cr3t-value")
        .containsEntry(SecretKeys.ENTRA_CIPP_TENANT_ID, "msp.onmicrosoft.com")
        .doesNotContainKey(SecretKeys.ENTRA_CIPP_API_TOKEN);

    assertThatThrownBy(() -> new CippConnection(BASE, null, CLIENT, "secret", null))
        .isInstanceOf(RefusedException.class).hasMessageContaining("all three");
    assertThatThrownBy(() -> new CippConnection(BASE, null, null, null, null))
        .isInstanceOf(RefusedException.class).hasMessageContaining("either an API token or a CIPP API client");
    assertThatThrownBy(() -> CippConnection.withClient(BASE, "not-a-guid", "s", "t"))
        .isInstanceOf(RefusedException.class).hasMessageContaining("client id");
    assertThatThrownBy(() -> CippConnection.withToken(BASE, "Bearer abc"))
        .isInstanceOf(RefusedException.class).hasMessageContaining("without 'Bearer'");
    assertThatThrownBy(() -> CippConnection.withToken("https://x.azurestaticapps.net", "abc"))
        .isInstanceOf(RefusedException.class).hasMessageContaining("front end");
  }

  @Test
  void loadsFromSecretsOrSaysWhatIsWrong() {
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    assertThat(CippConnection.load(secrets, MSP)).isEmpty();
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, BASE);
    assertThat(CippConnection.load(secrets, MSP)).isEmpty();
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN, "tok-1");
    assertThat(CippConnection.load(secrets, MSP)).contains(CippConnection.withToken(BASE, "tok-1"));

    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, "http://cipp.example");
    assertThatThrownBy(() -> CippConnection.load(secrets, MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((CredentialRejectedException) e).remedy())
            .isEqualTo(CredentialRejectedException.Remedy.CONNECT))
        .hasMessageContaining("Connect CIPP again");
  }

  @Test
  void gatewayWithoutStoredConnectionAsksToConnect() {
    try (CippDirectoryGateway gateway = new CippDirectoryGateway(new InMemorySecretProvider())) {
      assertThat(gateway.type()).isEqualTo(org.entrasync.core.model.ConnectionType.CIPP);
      assertThat(gateway.supportsDelta()).isFalse();
      assertThatThrownBy(() -> gateway.validate(MSP))
          .isInstanceOf(CredentialRejectedException.class)
          .satisfies(e -> assertThat(((CredentialRejectedException) e).remedy())
              .isEqualTo(CredentialRejectedException.Remedy.CONNECT));
    }
  }
}
