package org.entrasync.adapters.cipp.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.entrasync.adapters.cipp.CippBaseUrl;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;

/**
 * A CIPP connection as the adapter uses it: the checked, normalized form of what an operator typed
 * (the one host-facing type, {@code CippConnectionValidator.CippCredentials}: {@link #of}) or of what
 * is stored ({@link #load}). The CIPP-API base URL and either a bearer token, or a CIPP API client
 * (client id, client secret, the MSP's Entra tenant id) from which the library obtains and refreshes
 * tokens itself; with a client, a stored token is not needed and not used. {@link #toString()} never
 * shows the token or the secret.
 */
public final class CippConnection {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

  private final CippBaseUrl baseUrl;
  private final String apiToken;
  private final String clientId;
  private final String clientSecret;
  private final String tenantId;

  /**
   * @param baseUrl the CIPP-API base URL as typed (validated and normalized, see {@link CippBaseUrl})
   * @param apiToken a bearer token, or null when a client is given
   * @param clientId CIPP API client id (an Entra application id), or null
   * @param clientSecret that client's secret, or null
   * @param tenantId the MSP's Entra tenant (id or a verified domain) where the client lives, or null
   * @throws RefusedException ({@link Refusal#VALIDATION}) when the input cannot work
   */
  public CippConnection(String baseUrl, String apiToken, String clientId, String clientSecret, String tenantId) {
    this.baseUrl = CippBaseUrl.parse(baseUrl);
    this.apiToken = blankToNull(apiToken);
    this.clientId = blankToNull(clientId);
    this.clientSecret = blankToNull(clientSecret);
    this.tenantId = blankToNull(tenantId);
    int clientParts = (this.clientId == null ? 0 : 1) + (this.clientSecret == null ? 0 : 1) + (this.tenantId == null ? 0 : 1);
    if (clientParts != 0 && clientParts != 3) {
      throw new RefusedException(Refusal.VALIDATION,
          "A CIPP API client needs all three values: client id, client secret and the tenant id of the MSP's"
              + " Entra tenant (CIPP > Integrations > CIPP-API shows them).");
    }
    if (clientParts == 0 && this.apiToken == null) {
      throw new RefusedException(Refusal.VALIDATION,
          "A CIPP connection needs either an API token or a CIPP API client (client id, client secret, tenant id).");
    }
    if (this.apiToken != null && (this.apiToken.chars().anyMatch(Character::isWhitespace))) {
      throw new RefusedException(Refusal.VALIDATION,
          "The CIPP API token must not contain spaces; paste only the token itself, without 'Bearer'.");
    }
    if (this.clientId != null && !GUID.matcher(this.clientId).matches()) {
      throw new RefusedException(Refusal.VALIDATION,
          "The CIPP API client id must be the application (client) id GUID that CIPP shows for the client.");
    }
    if (this.tenantId != null && !TENANT.matcher(this.tenantId).matches()) {
      throw new RefusedException(Refusal.VALIDATION,
          "The tenant id of a CIPP API client must be the MSP's Entra tenant id (a GUID) or its"
              + " .onmicrosoft.com domain.");
    }
  }

  /** What an operator typed, checked: the URL's form, the token's and the client's format. */
  public static CippConnection of(CippConnectionValidator.CippCredentials typed) {
    Objects.requireNonNull(typed, "typed");
    return new CippConnection(typed.baseUrl(), typed.apiToken(), typed.clientId(), typed.clientSecret(), typed.tenantId());
  }

  /** The host-facing form, base URL normalized: what the core stores. */
  public CippConnectionValidator.CippCredentials toCredentials() {
    return new CippConnectionValidator.CippCredentials(baseUrl.value(), apiToken, clientId, clientSecret, tenantId);
  }

  /** A connection that uses a bearer token as is. */
  public static CippConnection withToken(String baseUrl, String apiToken) {
    return new CippConnection(baseUrl, apiToken, null, null, null);
  }

  /** A connection that obtains its tokens through a CIPP API client (client credentials). */
  public static CippConnection withClient(String baseUrl, String clientId, String clientSecret, String tenantId) {
    return new CippConnection(baseUrl, null, clientId, clientSecret, tenantId);
  }

  /**
   * Reads the stored CIPP connection of an MSP tenant: empty when nothing usable is stored (no base
   * URL, or neither a token nor a client).
   *
   * @throws CredentialRejectedException ({@code CONNECT}) when stored values are invalid
   */
  public static Optional<CippConnection> load(SecretProvider secrets, MspTenantId msp) {
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(msp, "msp");
    String base = secrets.getTenantSecret(msp, SecretKeys.ENTRA_CIPP_BASE_URL).orElse(null);
    String token = secrets.getTenantSecret(msp, SecretKeys.ENTRA_CIPP_API_TOKEN).orElse(null);
    String clientId = secrets.getTenantSecret(msp, SecretKeys.ENTRA_CIPP_CLIENT_ID).orElse(null);
    String clientSecret = secrets.getTenantSecret(msp, SecretKeys.ENTRA_CIPP_CLIENT_SECRET).orElse(null);
    String tenantId = secrets.getTenantSecret(msp, SecretKeys.ENTRA_CIPP_TENANT_ID).orElse(null);
    if (blankToNull(base) == null
        || (blankToNull(token) == null && blankToNull(clientId) == null && blankToNull(clientSecret) == null)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CippConnection(base, token, clientId, clientSecret, tenantId));
    } catch (RefusedException e) {
      throw new CredentialRejectedException(CredentialRejectedException.Remedy.CONNECT,
          "The stored CIPP connection of " + msp + " is not usable: " + e.getMessage() + " Connect CIPP again.", e);
    }
  }

  /** The normalized base URL. */
  public CippBaseUrl baseUrl() { return baseUrl; }

  /** The stored bearer token, or null. */
  public String apiToken() { return apiToken; }

  public String clientId() { return clientId; }

  public String clientSecret() { return clientSecret; }

  public String tenantId() { return tenantId; }

  /** Whether tokens come from a CIPP API client (client credentials) rather than a stored token. */
  public boolean hasClient() {
    return clientId != null;
  }

  /**
   * The secrets to store for this connection, by {@link SecretKeys} name; keys of {@link
   * SecretKeys#CIPP_CONNECTION_KEYS} that are absent here should be deleted so nothing stale stays.
   */
  public Map<String, String> toSecrets() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(SecretKeys.ENTRA_CIPP_BASE_URL, baseUrl.value());
    if (apiToken != null) {
      out.put(SecretKeys.ENTRA_CIPP_API_TOKEN, apiToken);
    }
    if (clientId != null) {
      out.put(SecretKeys.ENTRA_CIPP_CLIENT_ID, clientId);
      out.put(SecretKeys.ENTRA_CIPP_CLIENT_SECRET, clientSecret);
      out.put(SecretKeys.ENTRA_CIPP_TENANT_ID, tenantId);
    }
    return Map.copyOf(out);
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CippConnection)) {
      return false;
    }
    CippConnection c = (CippConnection) o;
    return baseUrl.equals(c.baseUrl) && Objects.equals(apiToken, c.apiToken) && Objects.equals(clientId, c.clientId)
        && Objects.equals(clientSecret, c.clientSecret) && Objects.equals(tenantId, c.tenantId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseUrl, apiToken, clientId, clientSecret, tenantId);
  }

  @Override
  public String toString() {
    return "CippConnection[baseUrl=" + baseUrl + (hasClient()
        ? ", clientId=" + clientId + ", tenantId=" + tenantId + ", clientSecret=<redacted>"
        : "") + (apiToken != null ? ", apiToken=<redacted>" : "") + "]";
  }
}
