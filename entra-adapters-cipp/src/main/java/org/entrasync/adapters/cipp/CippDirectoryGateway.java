package org.entrasync.adapters.cipp;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import org.entrasync.adapters.cipp.internal.CippClient;
import org.entrasync.adapters.cipp.internal.CippConnection;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;

/**
 * The CIPP connection: lists an MSP's managed tenants and their users through the MSP's own
 * CIPP-API ({@code GET /api/ListTenants}, and a tenant's users page by page through CIPP's Graph
 * proxy {@code GET /api/ListGraphRequest?tenantFilter=<tenant id>&Endpoint=users&manualPagination=true}).
 *
 * <p>Credentials come from the {@link SecretProvider} on every call ({@code entra_cipp_base_url}
 * plus {@code entra_cipp_api_token}, or a CIPP API client: {@code entra_cipp_client_id}, {@code
 * entra_cipp_client_secret}, {@code entra_cipp_tenant_id}). Nothing secret is logged.
 *
 * <p>CIPP has no delta listing ({@link #supportsDelta()} is false). Each answer is one Microsoft
 * Graph page (never the whole tenant, which CIPP's ListUsers gathers before answering and Azure cuts
 * at 230 s); a resume cursor carries Graph's next link. Deleted users are therefore detected only by
 * absence from a complete listing, which the core's deletion-safety rule decides.
 *
 * <p>The base URL an operator types reaches only public addresses (loopback only when {@link
 * CippConnectionConfig#allowLoopback()} is set).
 *
 * <p>Thread-safe; one instance serves every MSP tenant. {@link #close()} releases its HTTP
 * resources.
 */
public final class CippDirectoryGateway implements DirectoryGateway, AutoCloseable {
  private final SecretProvider secrets;
  private final CippClient client;

  @Inject
  public CippDirectoryGateway(SecretProvider secrets) {
    this(secrets, CippConnectionConfig.defaults());
  }

  public CippDirectoryGateway(SecretProvider secrets, CippConnectionConfig config) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.client = new CippClient(Objects.requireNonNull(config, "config"));
  }

  @Override
  public ConnectionType type() {
    return ConnectionType.CIPP;
  }

  @Override
  public boolean supportsDelta() {
    return false;
  }

  /**
   * Proves the stored CIPP connection can list tenants; returns the number of customer tenants. An
   * operator waits on this: it retries under the interactive policy only.
   */
  @Override
  public int validate(MspTenantId msp) {
    return client.validate(credentials(msp)).size();
  }

  /**
   * Proves candidate credentials work before anything is stored: obtains a token if a client is
   * given, then lists tenants. Returns the number of customer tenants visible.
   *
   * @throws org.entrasync.core.error.RefusedException ({@code VALIDATION}) when the base URL is, or
   *     resolves only to, an address inside the host's network (loopback unless allowed, private,
   *     link-local, CGNAT, ULA): nothing is sent there
   * @throws CredentialRejectedException ({@code ROTATE_CIPP_CREDENTIAL}) when the token or client is
   *     refused; other {@code EntraRejectedException}s for a wrong base URL or missing permissions;
   *     {@code EntraUnavailableException} when CIPP-API cannot be reached
   */
  public int validate(CippCredentials candidate) {
    return validate(CippConnection.of(Objects.requireNonNull(candidate, "candidate")));
  }

  private int validate(CippConnection candidate) {
    client.checkAddress(candidate);
    return client.validate(candidate).size();
  }

  /**
   * This gateway as the core lifecycle's check of what an operator typed: normalizes the base URL,
   * proves the token or API client works by listing tenants, and returns the credentials to store.
   * Stores nothing.
   */
  public CippConnectionValidator connectionValidator() {
    return (msp, candidate) -> {
      CippConnection typed = CippConnection.of(candidate);
      int tenants = validate(typed);
      return new CippConnectionValidator.Validated(typed.toCredentials(), tenants);
    };
  }

  @Override
  public List<DiscoveredTenant> listManagedTenants(MspTenantId msp) {
    return client.listTenants(credentials(msp));
  }

  @Override
  public ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    return client.streamUsers(credentials(msp), tenant, request, sink);
  }

  private CippConnection credentials(MspTenantId msp) {
    return CippConnection.load(secrets, msp)
        .orElseThrow(() -> new CredentialRejectedException(CredentialRejectedException.Remedy.CONNECT,
            "No CIPP connection is stored for " + msp + " (" + missingKeys(msp) + "): connect CIPP with the"
                + " CIPP-API base URL and an API token or a CIPP API client."));
  }

  /** Which stored secrets are missing, by key (key names are not secrets; values are never read out). */
  private String missingKeys(MspTenantId msp) {
    List<String> missing = new java.util.ArrayList<>();
    if (absent(msp, SecretKeys.ENTRA_CIPP_BASE_URL)) {
      missing.add(SecretKeys.ENTRA_CIPP_BASE_URL);
    }
    if (absent(msp, SecretKeys.ENTRA_CIPP_API_TOKEN) && absent(msp, SecretKeys.ENTRA_CIPP_CLIENT_ID)) {
      missing.add(SecretKeys.ENTRA_CIPP_API_TOKEN + " or " + SecretKeys.ENTRA_CIPP_CLIENT_ID + ", "
          + SecretKeys.ENTRA_CIPP_CLIENT_SECRET + " and " + SecretKeys.ENTRA_CIPP_TENANT_ID);
    }
    return "missing: " + String.join("; ", missing);
  }

  private boolean absent(MspTenantId msp, String key) {
    return secrets.getTenantSecret(msp, key).filter(v -> !v.isBlank()).isEmpty();
  }

  @Override
  public void close() {
    client.close();
  }
}
