package org.entrasync.core.internal.connection;

import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.entrasync.core.connection.ConnectionGenerations;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.observe.LogKeys;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.core.port.out.DirectAuthGateway.PartnerGrant;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.spi.Actor;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;

/**
 * The connection lifecycle, for both connection types. A connect validates before it persists
 * anything, so a failed connect leaves no record and never disturbs the connection the tenant
 * already had. Connecting with the other type (a switch) clears the previous type's credentials
 * from the SecretProvider, and only those. Disconnect removes the credentials and keeps discovery,
 * mappings and run history.
 *
 * <p>Order matters for work still running on the old credentials (a token refresh in flight, a
 * sync): a connect, reconnect, switch or disconnect first moves the connection store to the next
 * generation (or to none), then tells the gateways to forget the old connection, and only then
 * writes or removes secrets. A refresh of the old connection checks the generation before and after
 * it writes ({@link ConnectionGenerations}), so it can neither write over the new tokens nor bring
 * back removed ones.
 */
public final class ConnectionService {
  private final SecretProvider secrets;
  private final ConnectionRepository connections;
  private final DirectoryGateways gateways;
  private final DirectAuthGateway directAuth;
  private final CippConnectionValidator cippValidator;
  private final Clock clock;
  private final UpstreamWork.ThrottleListener throttling;

  /**
   * @param directAuth null when the host did not wire the direct connection
   * @param cippValidator null when the host did not wire the CIPP connection
   * @param observer told of the waits a throttling upstream imposes on an operator's calls
   */
  @Inject
  public ConnectionService(SecretProvider secrets, ConnectionRepository connections, DirectoryGateways gateways,
      DirectAuthGateway directAuth, CippConnectionValidator cippValidator, Clock clock, SyncObserver observer) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.directAuth = directAuth;
    this.cippValidator = cippValidator;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.throttling = UpstreamWork.reportingTo(observer);
  }

  /**
   * Runs an operator's call that reaches the upstream as the MSP's own upstream work: a wait a
   * throttling upstream imposes in process is the MSP's throttling event, as a sync's is, and the
   * call's log lines carry the MSP's key.
   */
  private <T> T asOperatorWork(MspTenantId msp, Supplier<T> call) {
    try (LogKeys.Scope keys = LogKeys.put(LogKeys.MSP, msp.value());
        UpstreamWork.Scope upstream = UpstreamWork.enter(msp, null, throttling)) {
      return call.get();
    }
  }

  /** Starts the partner sign-in: the URL to send the operator's browser to. Writes nothing. */
  public DirectAuthGateway.AuthorizationStart startDirect(MspTenantId msp, Actor actor, URI redirectUri) {
    return requireDirect().startAuthorization(msp, actor, redirectUri);
  }

  /**
   * Completes the partner sign-in callback. The gateway checks the state, exchanges the code and
   * probes Graph before anything is stored; then the tokens go to the SecretProvider and the
   * connection becomes the active one.
   */
  public PartnerConnection completeDirect(MspTenantId msp, Actor actor, Map<String, String> callbackParameters) {
    return asOperatorWork(msp, () -> signedIn(msp, actor, callbackParameters));
  }

  private PartnerConnection signedIn(MspTenantId msp, Actor actor, Map<String, String> callbackParameters) {
    requireWritableSecrets();
    PartnerGrant grant = requireDirect().completeAuthorization(msp, actor, callbackParameters);
    Instant now = clock.instant();
    PartnerConnection connection = new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.CONNECTED, now, now, null);
    replaceConnection(connection);
    clear(msp, SecretKeys.CIPP_CONNECTION_KEYS);
    put(msp, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN, grant.accessToken());
    put(msp, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN, grant.refreshToken());
    put(msp, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT, grant.expiresAt().toString());
    put(msp, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID, grant.partnerTenantId());
    put(msp, SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE, grant.scope());
    return connection;
  }

  /** Connects CIPP: validates the candidate credentials against CIPP first, then stores them. */
  public PartnerConnection connectCipp(MspTenantId msp, CippCredentials candidate) {
    return asOperatorWork(msp, () -> cippConnected(msp, candidate));
  }

  private PartnerConnection cippConnected(MspTenantId msp, CippCredentials candidate) {
    if (cippValidator == null) {
      throw new RefusedException(Refusal.VALIDATION, "The CIPP connection is not available in this installation.");
    }
    requireWritableSecrets();
    CippConnectionValidator.Validated validated = cippValidator.validate(msp, candidate);
    CippCredentials creds = validated.credentials();
    Instant now = clock.instant();
    PartnerConnection connection = new PartnerConnection(msp, ConnectionType.CIPP, ConnectionStatus.CONNECTED, now, now, null);
    replaceConnection(connection);
    clear(msp, SecretKeys.DIRECT_CONNECTION_KEYS);
    clear(msp, SecretKeys.CIPP_CONNECTION_KEYS);
    put(msp, SecretKeys.ENTRA_CIPP_BASE_URL, creds.baseUrl());
    put(msp, SecretKeys.ENTRA_CIPP_API_TOKEN, creds.apiToken());
    put(msp, SecretKeys.ENTRA_CIPP_CLIENT_ID, creds.clientId());
    put(msp, SecretKeys.ENTRA_CIPP_CLIENT_SECRET, creds.clientSecret());
    put(msp, SecretKeys.ENTRA_CIPP_TENANT_ID, creds.tenantId());
    return connection;
  }

  /**
   * Checks the stored connection can list tenants and records the result (status, time, error).
   * Never throws for a failed validation: the returned connection says what failed.
   */
  public PartnerConnection validate(MspTenantId msp) {
    return asOperatorWork(msp, () -> validated(msp));
  }

  private PartnerConnection validated(MspTenantId msp) {
    PartnerConnection current = requireActive(msp);
    Instant now = clock.instant();
    PartnerConnection updated;
    try {
      gateways.ofType(current.type()).validate(msp);
      updated = new PartnerConnection(msp, current.type(), ConnectionStatus.CONNECTED, current.connectedAt(), now, null);
    } catch (CredentialRejectedException e) {
      ConnectionStatus status = e.remedy() == CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION
          || e.remedy() == CredentialRejectedException.Remedy.INTERACTIVE_SIGN_IN
          ? ConnectionStatus.REAUTH_REQUIRED : ConnectionStatus.ERROR;
      updated = new PartnerConnection(msp, current.type(), status, current.connectedAt(), now, e.getMessage());
    } catch (ConsentMissingException | RefusedException e) {
      updated = new PartnerConnection(msp, current.type(), ConnectionStatus.ERROR, current.connectedAt(), now, e.getMessage());
    } catch (EntraException e) {
      updated = new PartnerConnection(msp, current.type(), ConnectionStatus.ERROR, current.connectedAt(), now, e.getMessage());
    }
    connections.updateStatus(updated);
    return updated;
  }

  /**
   * Marks the connection disconnected (history stays), makes the gateways forget it, then removes its
   * credentials: a token refresh still in flight finds the connection gone and writes nothing back.
   */
  public void disconnect(MspTenantId msp) {
    Optional<PartnerConnection> current = connections.findActive(msp);
    if (current.isEmpty()) {
      return;
    }
    connections.disconnect(msp, clock.instant());
    gateways.connectionEnded(msp);
    clear(msp, current.get().type() == ConnectionType.DIRECT ? SecretKeys.DIRECT_CONNECTION_KEYS : SecretKeys.CIPP_CONNECTION_KEYS);
  }

  /**
   * Makes {@code connection} the active one (a new generation) and, when it replaces another, makes
   * the gateways forget the old one, before any secret of the new one is written.
   */
  private void replaceConnection(PartnerConnection connection) {
    boolean replacing = connections.findActive(connection.tenant()).isPresent();
    connections.activate(connection);
    if (replacing) {
      gateways.connectionEnded(connection.tenant());
    }
  }

  /** Refused before anything changes when secrets cannot be stored (a connect would half-happen). */
  private void requireWritableSecrets() {
    if (!secrets.isWritable()) {
      throw new RefusedException(Refusal.VALIDATION, "The secret store of this installation is read-only, so a"
          + " connection's credentials cannot be stored. Configure a writable SecretProvider.");
    }
  }

  public Optional<PartnerConnection> status(MspTenantId msp) {
    return connections.findActive(msp);
  }

  /** Which tenant secret names are present now (names only, never values). */
  public List<String> presentSecretNames(MspTenantId msp) {
    return java.util.stream.Stream.concat(SecretKeys.DIRECT_CONNECTION_KEYS.stream(), SecretKeys.CIPP_CONNECTION_KEYS.stream())
        .filter(key -> secrets.getTenantSecret(msp, key).isPresent())
        .sorted()
        .toList();
  }

  private PartnerConnection requireActive(MspTenantId msp) {
    return connections.findActive(msp).orElseThrow(() -> new RefusedException(Refusal.NOT_CONNECTED,
        "Tenant " + msp + " has no Entra connection. Connect with Microsoft (direct) or CIPP first."));
  }

  private DirectAuthGateway requireDirect() {
    if (directAuth == null) {
      throw new RefusedException(Refusal.VALIDATION, "The direct Microsoft connection is not available in this installation.");
    }
    return directAuth;
  }

  private void put(MspTenantId msp, String key, String value) {
    if (value == null || value.isBlank()) {
      secrets.deleteTenantSecret(msp, key);
    } else {
      secrets.putTenantSecret(msp, key, value);
    }
  }

  private void clear(MspTenantId msp, List<String> keys) {
    for (String key : keys) {
      secrets.deleteTenantSecret(msp, key);
    }
  }
}
