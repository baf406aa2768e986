package org.entrasync.core.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;

/**
 * Secrets in memory: tenant secrets per MSP tenant, app secrets for the installation. Writable
 * unless created {@link #readOnly()}. Thread-safe. Tests can list which keys a tenant holds
 * ({@link #tenantSecretNames}) without ever reading the values.
 */
public final class InMemorySecretProvider implements SecretProvider {
  private final Map<MspTenantId, Map<String, String>> tenantSecrets = new HashMap<>();
  private final Map<String, String> appSecrets = new HashMap<>();
  private final boolean writable;

  public InMemorySecretProvider() {
    this(true);
  }

  private InMemorySecretProvider(boolean writable) {
    this.writable = writable;
  }

  /** A provider whose tenant secrets can be seeded with {@link #seedTenantSecret} but not written. */
  public static InMemorySecretProvider readOnly() {
    return new InMemorySecretProvider(false);
  }

  @Override
  public synchronized Optional<String> getTenantSecret(MspTenantId tenant, String key) {
    Objects.requireNonNull(tenant, "tenant");
    SecretProvider.requireKey(key);
    return Optional.ofNullable(tenantSecrets.getOrDefault(tenant, Map.of()).get(key));
  }

  @Override
  public synchronized void putTenantSecret(MspTenantId tenant, String key, String value) {
    if (!writable) {
      throw new EntraRejectedException("This in-memory secret provider is read-only: cannot store '" + key + "'.");
    }
    seedTenantSecret(tenant, key, value);
  }

  @Override
  public synchronized void deleteTenantSecret(MspTenantId tenant, String key) {
    if (!writable) {
      throw new EntraRejectedException("This in-memory secret provider is read-only: cannot forget '" + key + "'.");
    }
    Objects.requireNonNull(tenant, "tenant");
    SecretProvider.requireKey(key);
    Map<String, String> secrets = tenantSecrets.get(tenant);
    if (secrets != null) {
      secrets.remove(key);
    }
  }

  @Override
  public synchronized Optional<String> getAppSecret(String name) {
    SecretProvider.requireKey(name);
    return Optional.ofNullable(appSecrets.get(name));
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  /** Stores a tenant secret even when the provider is read-only (test setup). */
  public synchronized InMemorySecretProvider seedTenantSecret(MspTenantId tenant, String key, String value) {
    Objects.requireNonNull(tenant, "tenant");
    SecretProvider.requireKey(key);
    Objects.requireNonNull(value, "value");
    tenantSecrets.computeIfAbsent(tenant, t -> new TreeMap<>()).put(key, value);
    return this;
  }

  /** Sets an app secret (installation-wide), as a host's deployment would. */
  public synchronized InMemorySecretProvider putAppSecret(String name, String value) {
    SecretProvider.requireKey(name);
    Objects.requireNonNull(value, "value");
    appSecrets.put(name, value);
    return this;
  }

  /** The names (never the values) of the tenant secrets an MSP tenant holds, sorted. */
  public synchronized SortedSet<String> tenantSecretNames(MspTenantId tenant) {
    return new TreeSet<>(tenantSecrets.getOrDefault(tenant, Map.of()).keySet());
  }
}
