package org.entrasync.adapters.graph.support;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;

/** A tiny in-memory SecretProvider for tests. */
public final class InMemorySecrets implements SecretProvider {
  private final Map<String, String> tenant = new ConcurrentHashMap<>();
  private final Map<String, String> app = new ConcurrentHashMap<>();

  @Override
  public Optional<String> getTenantSecret(MspTenantId msp, String key) {
    return Optional.ofNullable(tenant.get(msp.value() + "/" + SecretProvider.requireKey(key)));
  }

  @Override
  public void putTenantSecret(MspTenantId msp, String key, String value) {
    tenant.put(msp.value() + "/" + SecretProvider.requireKey(key), value);
  }

  @Override
  public void deleteTenantSecret(MspTenantId msp, String key) {
    tenant.remove(msp.value() + "/" + SecretProvider.requireKey(key));
  }

  @Override
  public Optional<String> getAppSecret(String name) {
    return Optional.ofNullable(app.get(name));
  }

  public void putAppSecret(String name, String value) {
    app.put(name, value);
  }

  public String require(MspTenantId msp, String key) {
    return getTenantSecret(msp, key).orElseThrow(() -> new AssertionError("no secret " + key));
  }
}
