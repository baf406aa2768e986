package org.entrasync.core.connection;

import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.spi.MspTenantId;

/** Picks the directory gateway of an MSP tenant's active connection type. */
public final class DirectoryGateways {
  private final Map<ConnectionType, DirectoryGateway> byType = new EnumMap<>(ConnectionType.class);
  private final ConnectionRepository connections;

  @Inject
  public DirectoryGateways(List<DirectoryGateway> gateways, ConnectionRepository connections) {
    for (DirectoryGateway gateway : gateways) {
      if (byType.put(gateway.type(), gateway) != null) {
        throw new IllegalArgumentException("Two directory gateways for connection type " + gateway.type().wireName());
      }
    }
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /** The gateway of one connection type, if the host wired it. */
  public DirectoryGateway ofType(ConnectionType type) {
    DirectoryGateway gateway = byType.get(type);
    if (gateway == null) {
      throw new RefusedException(Refusal.VALIDATION,
          "The '" + type.wireName() + "' connection is not available in this installation: the host has not"
              + " wired its adapter.");
    }
    return gateway;
  }

  /**
   * Records on the tenant's connection that its credentials were rejected while working (a sync or
   * discovery, not only an explicit validation): the status then shows it ({@code reauth_required}
   * when the partner must sign in again, else {@code error}) and further work is refused until an
   * operator reconnects.
   */
  public void recordRejected(MspTenantId msp, CredentialRejectedException rejected) {
    connections.findActive(msp).ifPresent(current -> {
      ConnectionStatus status = rejected.remedy() == CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION
          || rejected.remedy() == CredentialRejectedException.Remedy.INTERACTIVE_SIGN_IN
          ? ConnectionStatus.REAUTH_REQUIRED : ConnectionStatus.ERROR;
      connections.updateStatus(new PartnerConnection(msp, current.type(), status, current.connectedAt(),
          current.lastValidatedAt(), rejected.getMessage()));
    });
  }

  /** The gateway of the tenant's active connection; refuses when the tenant is not connected. */
  public DirectoryGateway forTenant(MspTenantId msp) {
    PartnerConnection connection = connections.findActive(msp)
        .filter(PartnerConnection::isUsable)
        .orElseThrow(() -> new RefusedException(Refusal.NOT_CONNECTED,
            "Tenant " + msp + " has no usable Entra connection. Connect (direct or CIPP) first, or sign in"
                + " again if the connection needs re-authentication."));
    return ofType(connection.type());
  }
}
