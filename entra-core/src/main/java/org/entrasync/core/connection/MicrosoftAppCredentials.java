package org.entrasync.core.connection;

import java.util.Objects;

/**
 * The Microsoft (Entra) app registration the direct connection signs in with. Never logged:
 * {@link #toString()} leaves the secret out.
 *
 * @param tenantId the app's home (partner) tenant, or null to use {@code organizations}
 * @param source where the credentials came from (reported to operators; never the values)
 */
public record MicrosoftAppCredentials(String clientId, String clientSecret, String tenantId, Source source) {
  public MicrosoftAppCredentials {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("Microsoft client id is missing");
    }
    if (clientSecret == null || clientSecret.isBlank()) {
      throw new IllegalArgumentException("Microsoft client secret is missing");
    }
    Objects.requireNonNull(source, "source");
    tenantId = tenantId == null || tenantId.isBlank() ? null : tenantId.strip();
  }

  /** The authority segment to sign in against: the tenant id, or {@code organizations}. */
  public String authorityTenant() {
    return tenantId == null ? "organizations" : tenantId;
  }

  @Override
  public String toString() {
    return "MicrosoftAppCredentials[clientId=" + clientId + ", tenantId=" + tenantId + ", source=" + source
        + ", clientSecret=<redacted>]";
  }

  /** The seed's resolution order. */
  public enum Source {
    /** {@code microsoft_client_id} + {@code microsoft_client_secret} tenant secrets. */
    TENANT_SECRETS,
    /** {@code MICROSOFT_CLIENT_ID} / {@code MICROSOFT_CLIENT_SECRET} environment variables. */
    ENVIRONMENT,
    /** {@code MICROSOFT_CLIENT_ID} / {@code MICROSOFT_CLIENT_SECRET} app secrets. */
    APP_SECRETS
  }
}
