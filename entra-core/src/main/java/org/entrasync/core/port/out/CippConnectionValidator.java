package org.entrasync.core.port.out;

import java.util.Objects;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
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
   * What an operator enters to connect CIPP, and the one type a host builds for it: the CIPP-API base
   * URL and either a bearer token, or a CIPP API client (id, secret, tenant) from which the library
   * obtains tokens itself. A missing part is refused {@code VALIDATION} here; the CIPP adapter then
   * checks the URL's form and address and the values' format before anything is sent or stored.
   * {@link #toString()} never shows the token or the secret. Without a base URL, or without a token
   * or a complete client, construction throws {@link RefusedException} ({@link Refusal#VALIDATION}).
   */
  record CippCredentials(String baseUrl, String apiToken, String clientId, String clientSecret, String tenantId) {
    public CippCredentials {
      if (blank(baseUrl)) {
        throw new RefusedException(Refusal.VALIDATION, "The CIPP-API base URL is required.");
      }
      int clientParts = (blank(clientId) ? 0 : 1) + (blank(clientSecret) ? 0 : 1) + (blank(tenantId) ? 0 : 1);
      if (clientParts != 0 && clientParts != 3) {
        throw new RefusedException(Refusal.VALIDATION,
            "A CIPP API client needs all three values: client id, client secret and the tenant id of the MSP's"
                + " Entra tenant (CIPP > Integrations > CIPP-API shows them).");
      }
      if (clientParts == 0 && blank(apiToken)) {
        throw new RefusedException(Refusal.VALIDATION,
            "A CIPP connection needs either an API token or a CIPP API client (client id, client secret, tenant id).");
      }
    }

    /** A connection that uses a bearer token as is. */
    public static CippCredentials withToken(String baseUrl, String apiToken) {
      return new CippCredentials(baseUrl, apiToken, null, null, null);
    }

    /** A connection that obtains its tokens through a CIPP API client (client credentials). */
    public static CippCredentials withClient(String baseUrl, String clientId, String clientSecret, String tenantId) {
      return new CippCredentials(baseUrl, null, clientId, clientSecret, tenantId);
    }

    private static boolean blank(String value) {
      return value == null || value.isBlank();
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
