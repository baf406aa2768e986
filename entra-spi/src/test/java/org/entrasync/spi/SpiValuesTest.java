package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiValuesTest {

  @Test
  void secretNamesAreExactlyTheSeeds() {
    assertThat(SecretKeys.MICROSOFT_CLIENT_ID).isEqualTo("microsoft_client_id");
    assertThat(SecretKeys.MICROSOFT_CLIENT_SECRET).isEqualTo("microsoft_client_secret");
    assertThat(SecretKeys.MICROSOFT_TENANT_ID).isEqualTo("microsoft_tenant_id");
    assertThat(SecretKeys.DIRECT_CONNECTION_KEYS).containsExactly(
        "entra_direct_access_token", "entra_direct_refresh_token", "entra_direct_token_expires_at",
        "entra_direct_partner_tenant_id", "entra_direct_token_scope");
    assertThat(SecretKeys.ENTRA_CIPP_BASE_URL).isEqualTo("entra_cipp_base_url");
    assertThat(SecretKeys.ENTRA_CIPP_API_TOKEN).isEqualTo("entra_cipp_api_token");
    assertThat(SecretKeys.ENV_MICROSOFT_CLIENT_ID).isEqualTo("MICROSOFT_CLIENT_ID");
    assertThat(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET).isEqualTo("MICROSOFT_CLIENT_SECRET");
    assertThat(SecretKeys.ENV_MICROSOFT_TENANT_ID).isEqualTo("MICROSOFT_TENANT_ID");
  }

  @Test
  void connectionKeySetsDoNotOverlapAndLeaveTheSharedAppCredentialsAlone() {
    assertThat(SecretKeys.DIRECT_CONNECTION_KEYS).doesNotContainAnyElementsOf(SecretKeys.CIPP_CONNECTION_KEYS);
    assertThat(SecretKeys.DIRECT_CONNECTION_KEYS).doesNotContain(SecretKeys.MICROSOFT_CLIENT_ID, SecretKeys.MICROSOFT_CLIENT_SECRET);
    assertThat(SecretKeys.CIPP_CONNECTION_KEYS).doesNotContain(SecretKeys.MICROSOFT_CLIENT_ID, SecretKeys.MICROSOFT_CLIENT_SECRET);
  }

  @Test
  void phase1FlagsAndPermissionsAreTheSeeds() {
    assertThat(FeatureFlags.PHASE_1).extracting(FeatureFlags.FlagDefinition::name).containsExactly(
        "entra-integration-ui", "entra-integration-client-sync-action", "entra-integration-cipp",
        "entra-integration-field-sync", "entra-integration-ambiguous-queue");
    assertThat(Permissions.SYSTEM_SETTINGS_READ).isEqualTo("system_settings.read");
    assertThat(Permissions.SYSTEM_SETTINGS_UPDATE).isEqualTo("system_settings.update");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", "../x", "a/b", "-dash-first", "has space"})
  void refusesUnsafeTenantIds(String value) {
    assertThatThrownBy(() -> MspTenantId.of(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exceptionsSayWhetherARetryHelps() {
    assertThat(new EntraUnavailableException("down").isRetryable()).isTrue();
    assertThat(new EntraUnavailableException("slow", Duration.ofSeconds(7), null).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(new EntraRejectedException("bad").isRetryable()).isFalse();
  }

  @Test
  void createOutcomesAndPatchesValidate() {
    assertThatThrownBy(() -> new ContactCreateOutcome.Refused("k", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new ContactPatch("c1", null, null, null, null, null).isEmpty()).isTrue();
    assertThat(new ContactPatch("c1", null, null, "Boss", null, null).isEmpty()).isFalse();
    assertThatThrownBy(() -> new NewContact("k", "client", "Name", " ", null, null, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
