package org.entrasync.core.internal.connection;

import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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

  /** The generation of the tenant's active connection: read it when work starts, pass it to {@link #recordRejected}. */
  public OptionalLong activeGeneration(MspTenantId msp) {
    return connections.activeGeneration(msp);
  }

  /**
   * Records on the tenant's connection that its credentials were rejected while working (a sync or
   * discovery, not only an explicit validation): the status then shows it ({@code reauth_required}
   * when the partner must sign in again, else {@code error}) and further work is refused until an
   * operator reconnects. Only the connection the work started under ({@code generation}, read with
   * {@link #activeGeneration} when it started) is marked: a failure of the old credentials that
   * arrives after a reconnect or switch leaves the new connection alone.
   */
  public void recordRejected(MspTenantId msp, OptionalLong generation, CredentialRejectedException rejected) {
    if (generation.isEmpty()) {
      return; // the work started without an active connection: there is nothing of it to mark
    }
    connections.findActive(msp).ifPresent(current -> {
      ConnectionStatus status = rejected.remedy() == CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION
          || rejected.remedy() == CredentialRejectedException.Remedy.INTERACTIVE_SIGN_IN
          ? ConnectionStatus.REAUTH_REQUIRED : ConnectionStatus.ERROR;
      connections.updateStatus(generation.getAsLong(), new PartnerConnection(msp, current.type(), status,
          current.connectedAt(), current.lastValidatedAt(), rejected.getMessage()));
    });
  }

  /**
   * The tenant's connection was disconnected or replaced: every gateway forgets what it keeps of it
   * (tokens, clients). Called after the connection store moved on, before secrets are removed.
   */
  public void connectionEnded(MspTenantId msp) {
    for (DirectoryGateway gateway : byType.values()) {
      gateway.connectionEnded(msp);
    }
  }

  /**
   * The gateway of the tenant's active connection. Refuses when the tenant is not connected; when the
   * connection waits for the partner admin to sign in again (another tenant's work found the sign-in
   * dead), it fails with that same remedy, so every tenant of the run says what to do.
   */
  public DirectoryGateway forTenant(MspTenantId msp) {
    return gatewayOf(msp, connections.findActive(msp));
  }

  /**
   * The tenant's active connection as work starts, read once: the generation to pass to {@link
   * #recordRejected} and the gateway (refused as {@link #forTenant} refuses it).
   */
  public Work forWork(MspTenantId msp) {
    return forWork(msp, connections.findActiveWithGeneration(msp));
  }

  /** As {@link #forWork(MspTenantId)}, with the active connection the caller has just read (with its own state). */
  public Work forWork(MspTenantId msp, Optional<ConnectionRepository.ActiveConnection> active) {
    return new Work(active.map(a -> OptionalLong.of(a.generation())).orElse(OptionalLong.empty()),
        () -> gatewayOf(msp, active.map(ConnectionRepository.ActiveConnection::connection)));
  }

  /** See {@link #forWork}. */
  public static final class Work {
    private final OptionalLong generation;
    private final java.util.function.Supplier<DirectoryGateway> gateway;

    private Work(OptionalLong generation, java.util.function.Supplier<DirectoryGateway> gateway) {
      this.generation = generation;
      this.gateway = gateway;
    }

    /** The generation of the connection the work started under; empty when none was active. */
    public OptionalLong generation() {
      return generation;
    }

    /** The gateway of that connection, or the refusal of a tenant that cannot work now. */
    public DirectoryGateway gateway() {
      return gateway.get();
    }
  }

  private DirectoryGateway gatewayOf(MspTenantId msp, Optional<PartnerConnection> active) {
    PartnerConnection connection = active
        .orElseThrow(() -> new RefusedException(Refusal.NOT_CONNECTED,
            "Tenant " + msp + " has no usable Entra connection. Connect (direct or CIPP) first."));
    if (connection.status() == ConnectionStatus.REAUTH_REQUIRED) {
      String cause = connection.lastValidationError() == null ? "" : " (" + connection.lastValidationError() + ")";
      throw new CredentialRejectedException(CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION,
          "The Microsoft Entra connection of tenant " + msp + " needs a new sign-in" + cause + ". The partner admin"
              + " must sign in again to reconnect Microsoft Entra.");
    }
    if (!connection.isUsable()) {
      throw new RefusedException(Refusal.NOT_CONNECTED, "Tenant " + msp + " has no usable Entra connection. Connect"
          + " (direct or CIPP) first, or sign in again if the connection needs re-authentication.");
    }
    return ofType(connection.type());
  }
}
