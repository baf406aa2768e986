package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemSecretProviderTest {
  private static final MspTenantId ACME = MspTenantId.of("acme");
  private static final MspTenantId GLOBEX = MspTenantId.of("globex");

  @TempDir Path root;

  @Test
  void storesReadsAndDeletesTenantSecrets() {
    var provider = new FileSystemSecretProvider(root);

    provider.putTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN, "token-1");
    assertThat(provider.getTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN)).contains("token-1");

    provider.putTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN, "token-2");
    assertThat(provider.getTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN)).contains("token-2");

    provider.deleteTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN);
    assertThat(provider.getTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN)).isEmpty();
    provider.deleteTenantSecret(ACME, SecretKeys.ENTRA_CIPP_API_TOKEN); // deleting twice is fine
  }

  @Test
  void keepsTenantsApartInADirectoryPerTenantAndAFilePerKey() throws Exception {
    var provider = new FileSystemSecretProvider(root);
    provider.putTenantSecret(ACME, SecretKeys.MICROSOFT_CLIENT_ID, "acme-app");

    assertThat(provider.getTenantSecret(GLOBEX, SecretKeys.MICROSOFT_CLIENT_ID)).isEmpty();
    assertThat(root.resolve("tenants/acme/microsoft_client_id")).hasContent("acme-app");
  }

  @Test
  void writesOwnerOnlyFilesAndDirectories() throws Exception {
    var provider = new FileSystemSecretProvider(root);
    provider.putTenantSecret(ACME, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN, "rt");

    Path file = root.resolve("tenants/acme/" + SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    var provider = new FileSystemSecretProvider(root);
    for (int i = 0; i < 20; i++) {
      provider.putTenantSecret(ACME, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN, "value-" + i);
    }
    try (var files = Files.list(root.resolve("tenants/acme"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN);
    }
  }

  @Test
  void concurrentReadersNeverSeeAPartialValue() throws Exception {
    var provider = new FileSystemSecretProvider(root);
    String a = "a".repeat(64 * 1024);
    String b = "b".repeat(64 * 1024);
    provider.putTenantSecret(ACME, "big", a);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          provider.putTenantSecret(ACME, "big", i % 2 == 0 ? b : a);
        }
      });
      List<String> seen = new ArrayList<>();
      while (!writer.isDone()) {
        seen.add(provider.getTenantSecret(ACME, "big").orElseThrow());
      }
      writer.get(30, TimeUnit.SECONDS);
      assertThat(seen).allMatch(v -> v.equals(a) || v.equals(b));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readsAppSecretsFromTheAppDirectory() throws Exception {
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("app/MICROSOFT_CLIENT_ID"), "app-client");
    var provider = new FileSystemSecretProvider(root);

    assertThat(provider.getAppSecret(SecretKeys.ENV_MICROSOFT_CLIENT_ID)).contains("app-client");
    assertThat(provider.getAppSecret(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape", "a/b", "", " ", ".hidden", "x\u0000y"})
  void refusesKeysThatCouldEscapeTheDirectory(String key) {
    var provider = new FileSystemSecretProvider(root);
    assertThatThrownBy(() -> provider.putTenantSecret(ACME, key, "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> provider.getTenantSecret(ACME, key)).isInstanceOf(IllegalArgumentException.class);
  }
}
