package org.entrasync.spi;

import java.util.Optional;

/**
 * Where every credential and token lives. The library never stores a secret anywhere else: not in
 * its database, not in logs, not in workflow payloads.
 *
 * <p>Tenant secrets belong to one MSP tenant; app secrets belong to the host installation (the
 * fallback for the Microsoft app credentials). Shipped implementations: {@link
 * EnvironmentSecretProvider}, {@link FileSystemSecretProvider} and {@link ChainedSecretProvider}; a
 * vault is one more implementation of this interface.
 */
public interface SecretProvider {

  Optional<String> getTenantSecret(MspTenantId tenant, String key);

  /**
   * Stores a tenant secret, replacing any earlier value.
   *
   * @throws EntraRejectedException if this provider cannot store secrets (see {@link #isWritable()})
   */
  void putTenantSecret(MspTenantId tenant, String key, String value);

  /** Removes a tenant secret; removing one that is not there is not an error. */
  void deleteTenantSecret(MspTenantId tenant, String key);

  Optional<String> getAppSecret(String name);

  /** Whether {@link #putTenantSecret} and {@link #deleteTenantSecret} can change anything here. */
  default boolean isWritable() {
    return true;
  }

  /** Checks a secret key: non-blank, a safe name (it may become a file or a variable name). */
  static String requireKey(String key) {
    if (key == null || !key.matches("[A-Za-z0-9_.-]{1,128}") || key.startsWith(".")) {
      throw new IllegalArgumentException(
          "Secret key must be 1-128 characters of letters, digits, '_', '.' or '-' and must not start"
              + " with '.'");
    }
    return key;
  }
}
