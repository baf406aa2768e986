package org.entrasync.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.entrasync.core.connection.MicrosoftAppCredentials.Source;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MicrosoftAppCredentialsResolverTest {
  static final MspTenantId MSP = MspTenantId.of("msp-creds");
  static final MspTenantId OTHER_MSP = MspTenantId.of("msp-other");

  /** Which sources hold which halves: "id", "secret", "both" or "none". */
  record Setup(String tenant, String env, String app) {}

  static Stream<Arguments> order() {
    return Stream.of(
        // every source complete: tenant secrets win
        Arguments.of(new Setup("both", "both", "both"), Source.TENANT_SECRETS),
        Arguments.of(new Setup("none", "both", "both"), Source.ENVIRONMENT),
        Arguments.of(new Setup("none", "none", "both"), Source.APP_SECRETS),
        Arguments.of(new Setup("both", "none", "none"), Source.TENANT_SECRETS),
        Arguments.of(new Setup("both", "none", "both"), Source.TENANT_SECRETS),
        // a half-configured source is skipped, never mixed with the next one
        Arguments.of(new Setup("id", "both", "both"), Source.ENVIRONMENT),
        Arguments.of(new Setup("secret", "both", "both"), Source.ENVIRONMENT),
        Arguments.of(new Setup("id", "secret", "both"), Source.APP_SECRETS),
        Arguments.of(new Setup("none", "id", "both"), Source.APP_SECRETS),
        Arguments.of(new Setup("secret", "id", "both"), Source.APP_SECRETS),
        Arguments.of(new Setup("id", "id", "id"), null),
        Arguments.of(new Setup("secret", "none", "id"), null),
        Arguments.of(new Setup("none", "none", "none"), null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("order")
  void theSeedsOrderWithHalfConfiguredSourcesSkipped(Setup setup, Source expected) {
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    Map<String, String> env = new HashMap<>();
    fill(setup.tenant(), "tenant", (k, v) -> secrets.seedTenantSecret(MSP, k.toLowerCase(java.util.Locale.ROOT), v));
    fill(setup.env(), "env", env::put);
    fill(setup.app(), "app", secrets::putAppSecret);

    Optional<MicrosoftAppCredentials> resolved = new MicrosoftAppCredentialsResolver(secrets, env::get).resolve(MSP);

    if (expected == null) {
      assertThat(resolved).isEmpty();
      return;
    }
    String prefix = expected == Source.TENANT_SECRETS ? "tenant" : expected == Source.ENVIRONMENT ? "env" : "app";
    assertThat(resolved).get().satisfies(c -> {
      assertThat(c.source()).isEqualTo(expected);
      assertThat(c.clientId()).isEqualTo(prefix + "-client-id");
      assertThat(c.clientSecret()).isEqualTo(prefix + "-client-secret");
      assertThat(c.tenantId()).isEqualTo(prefix + "-tenant-id");
      assertThat(c.authorityTenant()).isEqualTo(prefix + "-tenant-id");
    });
  }

  /** Puts the requested halves under the environment / app names (tenant keys are the lower-case names). */
  private static void fill(String which, String prefix, java.util.function.BiConsumer<String, String> put) {
    if (which.equals("id") || which.equals("both")) {
      put.accept(SecretKeys.ENV_MICROSOFT_CLIENT_ID, prefix + "-client-id");
      put.accept(SecretKeys.ENV_MICROSOFT_TENANT_ID, prefix + "-tenant-id");
    }
    if (which.equals("secret") || which.equals("both")) {
      put.accept(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET, prefix + "-client-secret");
    }
  }

  @Test
  void theTenantIdIsOptionalAndDefaultsToOrganizations() {
    InMemorySecretProvider secrets = new InMemorySecretProvider()
        .seedTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_ID, "id")
        .seedTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, "secret");

    MicrosoftAppCredentials credentials = new MicrosoftAppCredentialsResolver(secrets, name -> null).require(MSP);

    assertThat(credentials.tenantId()).isNull();
    assertThat(credentials.authorityTenant()).isEqualTo("organizations");
  }

  @Test
  void blankEnvironmentValuesCountAsAbsent() {
    InMemorySecretProvider secrets = new InMemorySecretProvider()
        .putAppSecret(SecretKeys.ENV_MICROSOFT_CLIENT_ID, "app-id")
        .putAppSecret(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET, "app-secret");
    Map<String, String> env = Map.of(SecretKeys.ENV_MICROSOFT_CLIENT_ID, "env-id", SecretKeys.ENV_MICROSOFT_CLIENT_SECRET, "  ");

    assertThat(new MicrosoftAppCredentialsResolver(secrets, env::get).require(MSP).source()).isEqualTo(Source.APP_SECRETS);
  }

  @Test
  void tenantSecretsOfAnotherMspTenantAreNeverUsed() {
    InMemorySecretProvider secrets = new InMemorySecretProvider()
        .seedTenantSecret(OTHER_MSP, SecretKeys.MICROSOFT_CLIENT_ID, "other-id")
        .seedTenantSecret(OTHER_MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, "other-secret");

    assertThat(new MicrosoftAppCredentialsResolver(secrets, name -> null).resolve(MSP)).isEmpty();
  }

  @Test
  void requireNamesEverySourceWhenNothingIsConfigured() {
    MicrosoftAppCredentialsResolver resolver = new MicrosoftAppCredentialsResolver(new InMemorySecretProvider(), name -> null);

    assertThatThrownBy(() -> resolver.require(MSP))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(CredentialRejectedException.Remedy.FIX_APP_CREDENTIALS))
        .hasMessageContaining(SecretKeys.MICROSOFT_CLIENT_ID)
        .hasMessageContaining(SecretKeys.MICROSOFT_CLIENT_SECRET)
        .hasMessageContaining(SecretKeys.ENV_MICROSOFT_CLIENT_ID)
        .hasMessageContaining(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET);
  }

  @Test
  void theCredentialsReportTheirSourceButNeverPrintTheSecret() {
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    Map<String, String> env = Map.of(
        SecretKeys.ENV_MICROSOFT_CLIENT_ID, "env-client-id",
        SecretKeys.ENV_MICROSOFT_CLIENT_SECRET, "s3cr3t-value-never-printed");

    MicrosoftAppCredentials credentials = new MicrosoftAppCredentialsResolver(secrets, env::get).require(MSP);

    assertThat(credentials.source()).isEqualTo(Source.ENVIRONMENT);
    assertThat(credentials.toString())
        .contains("env-client-id")
        .contains("ENVIRONMENT")
        .doesNotContain("s3cr3t-value-never-printed");
  }
}
