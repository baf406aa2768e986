package org.entrasync.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several providers as one: a read asks each in order and the first that answers wins; a write goes
 * to the first writable provider; a delete removes the key from every writable provider, so a
 * removed credential cannot reappear from a later link of the chain that the library wrote to
 * earlier.
 */
public final class ChainedSecretProvider implements SecretProvider {
  private final List<SecretProvider> providers;

  public ChainedSecretProvider(List<SecretProvider> providers) {
    Objects.requireNonNull(providers, "providers");
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("A secret provider chain needs at least one provider");
    }
    this.providers = List.copyOf(providers);
  }

  public static ChainedSecretProvider of(SecretProvider... providers) {
    return new ChainedSecretProvider(List.of(providers));
  }

  @Override
  public Optional<String> getTenantSecret(MspTenantId tenant, String key) {
    for (SecretProvider provider : providers) {
      Optional<String> value = provider.getTenantSecret(tenant, key);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  @Override
  public void putTenantSecret(MspTenantId tenant, String key, String value) {
    firstWritable().putTenantSecret(tenant, key, value);
  }

  @Override
  public void deleteTenantSecret(MspTenantId tenant, String key) {
    firstWritable(); // fail loudly when nothing in the chain can forget a secret
    for (SecretProvider provider : providers) {
      if (provider.isWritable()) {
        provider.deleteTenantSecret(tenant, key);
      }
    }
  }

  @Override
  public Optional<String> getAppSecret(String name) {
    for (SecretProvider provider : providers) {
      Optional<String> value = provider.getAppSecret(name);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean isWritable() {
    return providers.stream().anyMatch(SecretProvider::isWritable);
  }

  private SecretProvider firstWritable() {
    return providers.stream()
        .filter(SecretProvider::isWritable)
        .findFirst()
        .orElseThrow(
            () ->
                new EntraRejectedException(
                    "No writable secret provider in the chain: add a filesystem or vault provider so"
                        + " the library can store connection credentials."));
  }
}
