package org.entrasync.adapters.cipp.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;

/** A writable in-memory {@link SecretProvider} for tests. */
public final class InMemorySecretProvider implements SecretProvider {
  private final Map<String, String> tenantSecrets = new ConcurrentHashMap<>();
  private final Map<String, String> appSecrets = new ConcurrentHashMap<>();

  @Override
  public Optional<String> getTenantSecret(MspTenantId tenant, String key) {
    return Optional.ofNullable(tenantSecrets.get(tenant.value() + "/" + SecretProvider.requireKey(key)));
  }

  @Override
  public void putTenantSecret(MspTenantId tenant, String key, String value) {
    tenantSecrets.put(tenant.value() + "/" + SecretProvider.requireKey(key), value);
  }

  @Override
  public void deleteTenantSecret(MspTenantId tenant, String key) {
    tenantSecrets.remove(tenant.value() + "/" + SecretProvider.requireKey(key));
  }

  @Override
  public Optional<String> getAppSecret(String name) {
    return Optional.ofNullable(appSecrets.get(name));
  }

  public InMemorySecretProvider putAppSecret(String name, String value) {
    appSecrets.put(name, value);
    return this;
  }

  /** Stores every entry of {@code secrets} for {@code tenant}. */
  public InMemorySecretProvider putAll(MspTenantId tenant, Map<String, String> secrets) {
    secrets.forEach((k, v) -> putTenantSecret(tenant, k, v));
    return this;
  }

  /** How many tenant secrets are stored (all tenants). */
  public int size() {
    return tenantSecrets.size();
  }
}
