package org.entrasync.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads secrets from environment variables; read-only.
 *
 * <ul>
 *   <li>App secrets: the variable of that exact name ({@code MICROSOFT_CLIENT_ID}, ...).
 *   <li>Tenant secrets: {@code ENTRASYNC_<TENANT>_<KEY>}, upper-cased, with every character that is
 *       not a letter or digit replaced by {@code _}; e.g. tenant {@code acme-msp} and key {@code
 *       entra_cipp_api_token} read {@code ENTRASYNC_ACME_MSP_ENTRA_CIPP_API_TOKEN}.
 * </ul>
 *
 * The environment is read through a function so tests and hosts can supply their own source.
 */
public final class EnvironmentSecretProvider implements SecretProvider {
  private final Function<String, String> environment;

  /** Reads the process environment. */
  public EnvironmentSecretProvider() {
    this(System::getenv);
  }

  public EnvironmentSecretProvider(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** The variable name a tenant secret is read from. */
  public static String variableName(MspTenantId tenant, String key) {
    SecretProvider.requireKey(key);
    return ("ENTRASYNC_" + tenant.value() + "_" + key)
        .toUpperCase(Locale.ROOT)
        .replaceAll("[^A-Z0-9]", "_");
  }

  @Override
  public Optional<String> getTenantSecret(MspTenantId tenant, String key) {
    return read(variableName(tenant, key));
  }

  @Override
  public void putTenantSecret(MspTenantId tenant, String key, String value) {
    throw new EntraRejectedException(
        "Environment variables are read-only: cannot store secret '"
            + key
            + "'. Chain a writable secret provider (filesystem or vault) in front of the environment.");
  }

  @Override
  public void deleteTenantSecret(MspTenantId tenant, String key) {
    throw new EntraRejectedException(
        "Environment variables are read-only: cannot remove secret '"
            + key
            + "'. Unset "
            + variableName(tenant, key)
            + " in the host's environment instead.");
  }

  @Override
  public Optional<String> getAppSecret(String name) {
    return read(SecretProvider.requireKey(name));
  }

  @Override
  public boolean isWritable() {
    return false;
  }

  private Optional<String> read(String variable) {
    String value = environment.apply(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
