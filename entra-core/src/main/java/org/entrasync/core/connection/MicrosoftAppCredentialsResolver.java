package org.entrasync.core.connection;

import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;

/**
 * Finds the Microsoft app credentials for the direct connection, in the seed's order:
 *
 * <ol>
 *   <li>tenant secrets {@code microsoft_client_id} + {@code microsoft_client_secret} (optional {@code
 *       microsoft_tenant_id});
 *   <li>environment variables {@code MICROSOFT_CLIENT_ID}, {@code MICROSOFT_CLIENT_SECRET}, {@code
 *       MICROSOFT_TENANT_ID};
 *   <li>app secrets of the same names.
 * </ol>
 *
 * A source wins only when it has both the client id and the secret; a half-configured source is
 * skipped rather than mixed with another, so credentials never come from two places.
 */
public final class MicrosoftAppCredentialsResolver {
  private final SecretProvider secrets;
  private final Function<String, String> environment;

  @Inject
  public MicrosoftAppCredentialsResolver(SecretProvider secrets) {
    this(secrets, System::getenv);
  }

  /** @param environment the environment to read (injectable so tests can prove the order) */
  public MicrosoftAppCredentialsResolver(SecretProvider secrets, Function<String, String> environment) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  public Optional<MicrosoftAppCredentials> resolve(MspTenantId msp) {
    Optional<MicrosoftAppCredentials> fromTenant =
        pair(
            secrets.getTenantSecret(msp, SecretKeys.MICROSOFT_CLIENT_ID),
            secrets.getTenantSecret(msp, SecretKeys.MICROSOFT_CLIENT_SECRET),
            secrets.getTenantSecret(msp, SecretKeys.MICROSOFT_TENANT_ID),
            MicrosoftAppCredentials.Source.TENANT_SECRETS);
    if (fromTenant.isPresent()) {
      return fromTenant;
    }
    Optional<MicrosoftAppCredentials> fromEnvironment =
        pair(
            env(SecretKeys.ENV_MICROSOFT_CLIENT_ID),
            env(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET),
            env(SecretKeys.ENV_MICROSOFT_TENANT_ID),
            MicrosoftAppCredentials.Source.ENVIRONMENT);
    if (fromEnvironment.isPresent()) {
      return fromEnvironment;
    }
    return pair(
        secrets.getAppSecret(SecretKeys.ENV_MICROSOFT_CLIENT_ID),
        secrets.getAppSecret(SecretKeys.ENV_MICROSOFT_CLIENT_SECRET),
        secrets.getAppSecret(SecretKeys.ENV_MICROSOFT_TENANT_ID),
        MicrosoftAppCredentials.Source.APP_SECRETS);
  }

  /** Like {@link #resolve} but fails with an operator message when no source is configured. */
  public MicrosoftAppCredentials require(MspTenantId msp) {
    return resolve(msp)
        .orElseThrow(
            () ->
                new CredentialRejectedException(
                    CredentialRejectedException.Remedy.FIX_APP_CREDENTIALS,
                    "No Microsoft app credentials found for tenant " + msp + ". Set the tenant secrets "
                        + SecretKeys.MICROSOFT_CLIENT_ID + " and " + SecretKeys.MICROSOFT_CLIENT_SECRET
                        + ", or the environment variables / app secrets "
                        + SecretKeys.ENV_MICROSOFT_CLIENT_ID + " and " + SecretKeys.ENV_MICROSOFT_CLIENT_SECRET
                        + "."));
  }

  private Optional<String> env(String name) {
    String value = environment.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<MicrosoftAppCredentials> pair(
      Optional<String> id, Optional<String> secret, Optional<String> tenant, MicrosoftAppCredentials.Source source) {
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MicrosoftAppCredentials(id.get(), secret.get(), tenant.orElse(null), source));
  }
}
