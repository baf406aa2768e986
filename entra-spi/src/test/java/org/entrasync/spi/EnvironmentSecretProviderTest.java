package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentSecretProviderTest {

  @ParameterizedTest
  @CsvSource({
    "acme, entra_cipp_api_token, ENTRASYNC_ACME_ENTRA_CIPP_API_TOKEN",
    "acme-msp, microsoft_client_id, ENTRASYNC_ACME_MSP_MICROSOFT_CLIENT_ID",
    "t.1, entra_direct_token_scope, ENTRASYNC_T_1_ENTRA_DIRECT_TOKEN_SCOPE"
  })
  void namesTenantVariablesPredictably(String tenant, String key, String variable) {
    assertThat(EnvironmentSecretProvider.variableName(MspTenantId.of(tenant), key)).isEqualTo(variable);
  }

  @Test
  void readsTenantAndAppSecretsFromTheGivenEnvironment() {
    Map<String, String> env = Map.of(
        "ENTRASYNC_ACME_ENTRA_CIPP_API_TOKEN", "tok",
        "MICROSOFT_CLIENT_ID", "app-id",
        "MICROSOFT_CLIENT_SECRET", "   ");
    var provider = new EnvironmentSecretProvider(env::get);

    assertThat(provider.getTenantSecret(MspTenantId.of("acme"), SecretKeys.ENTRA_CIPP_API_TOKEN)).contains("tok");
    assertThat(provider.getTenantSecret(MspTenantId.of("globex"), SecretKeys.ENTRA_CIPP_API_TOKEN)).isEmpty();
    assertThat(provider.getAppSecret("MICROSOFT_CLIENT_ID")).contains("app-id");
    assertThat(provider.getAppSecret("MICROSOFT_CLIENT_SECRET")).as("blank counts as absent").isEmpty();
  }

  @Test
  void isReadOnlyAndSaysWhatToDoInstead() {
    var provider = new EnvironmentSecretProvider(name -> null);
    assertThat(provider.isWritable()).isFalse();
    assertThatThrownBy(() -> provider.putTenantSecret(MspTenantId.of("acme"), "k", "v"))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("read-only")
        .hasMessageNotContaining("v'");
  }
}
