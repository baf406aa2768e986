package org.entrasync.core.port.out;

import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/** Checks candidate CIPP credentials against CIPP before anything is stored (implemented by the CIPP adapter). */
public interface CippConnectionValidator {

  /**
   * Normalizes the base URL, obtains a token if an API client is given, and lists tenants once.
   * Stores nothing.
   *
   * @return the credentials to store (base URL normalized) and how many tenants CIPP lists
   * @throws org.entrasync.spi.EntraException when CIPP cannot be reached or refuses the credentials
   */
  Validated validate(MspTenantId msp, CippCredentials candidate);

  /**
   * What an operator enters to connect CIPP: the CIPP-API base URL and either a bearer token, or a
   * CIPP API client (id, secret, tenant) from which the library obtains tokens itself.
   */
  record CippCredentials(String baseUrl, String apiToken, String clientId, String clientSecret, String tenantId) {
    public CippCredentials {
      if (baseUrl == null || baseUrl.isBlank()) {
        throw new IllegalArgumentException("The CIPP-API base URL is required");
      }
      boolean hasToken = apiToken != null && !apiToken.isBlank();
      boolean hasClient = clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank()
          && tenantId != null && !tenantId.isBlank();
      if (!hasToken && !hasClient) {
        throw new IllegalArgumentException(
            "CIPP needs an API token, or a CIPP API client (client id, client secret and tenant id)");
      }
    }

    public static CippCredentials withToken(String baseUrl, String apiToken) {
      return new CippCredentials(baseUrl, apiToken, null, null, null);
    }

    @Override
    public String toString() {
      return "CippCredentials[baseUrl=" + baseUrl + ", clientId=" + clientId + ", tenantId=" + tenantId + ", secrets=<redacted>]";
    }
  }

  record Validated(CippCredentials credentials, int tenantCount) {
    public Validated {
      Objects.requireNonNull(credentials, "credentials");
    }
  }
}
