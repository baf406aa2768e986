package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainedSecretProviderTest {
  private static final MspTenantId ACME = MspTenantId.of("acme");

  @TempDir Path first;
  @TempDir Path second;

  @Test
  void readsFromTheFirstProviderThatAnswers() {
    var env = new EnvironmentSecretProvider(Map.of(
        "ENTRASYNC_ACME_MICROSOFT_CLIENT_ID", "from-env",
        "ENTRASYNC_ACME_MICROSOFT_TENANT_ID", "tenant-from-env")::get);
    var files = new FileSystemSecretProvider(first);
    files.putTenantSecret(ACME, SecretKeys.MICROSOFT_CLIENT_ID, "from-files");

    assertThat(ChainedSecretProvider.of(files, env).getTenantSecret(ACME, SecretKeys.MICROSOFT_CLIENT_ID)).contains("from-files");
    assertThat(ChainedSecretProvider.of(env, files).getTenantSecret(ACME, SecretKeys.MICROSOFT_CLIENT_ID)).contains("from-env");
    assertThat(ChainedSecretProvider.of(files, env).getTenantSecret(ACME, SecretKeys.MICROSOFT_TENANT_ID))
        .as("falls through to a later provider").contains("tenant-from-env");
  }

  @Test
  void writesGoToTheFirstWritableProvider() {
    var env = new EnvironmentSecretProvider(name -> null);
    var a = new FileSystemSecretProvider(first);
    var b = new FileSystemSecretProvider(second);
    var chain = ChainedSecretProvider.of(env, a, b);

    chain.putTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN, "tok");

    assertThat(a.getTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN)).contains("tok");
    assertThat(b.getTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN)).isEmpty();
  }

  @Test
  void deleteRemovesTheKeyFromEveryWritableProvider() {
    var a = new FileSystemSecretProvider(first);
    var b = new FileSystemSecretProvider(second);
    b.putTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN, "stale");
    var chain = ChainedSecretProvider.of(a, b);
    chain.putTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN, "fresh");

    chain.deleteTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN);

    assertThat(chain.getTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN)).isEmpty();
  }

  @Test
  void aChainWithoutAWritableProviderRefusesWrites() {
    var chain = ChainedSecretProvider.of(new EnvironmentSecretProvider(name -> null));
    assertThat(chain.isWritable()).isFalse();
    assertThatThrownBy(() -> chain.putTenantSecret(ACME, "k", "v"))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("No writable secret provider");
  }

  @Test
  void appSecretsFollowTheSameOrder() {
    var env = new EnvironmentSecretProvider(Map.of("MICROSOFT_CLIENT_SECRET", "env-secret")::get);
    var files = new FileSystemSecretProvider(first);
    assertThat(ChainedSecretProvider.of(files, env).getAppSecret("MICROSOFT_CLIENT_SECRET")).contains("env-secret");
  }
}
