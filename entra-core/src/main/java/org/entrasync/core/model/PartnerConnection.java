package org.entrasync.core.model;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/**
 * The MSP tenant's connection to Entra. Holds no secret: credentials live behind the
 * SecretProvider.
 */
public record PartnerConnection(
    MspTenantId tenant,
    ConnectionType type,
    ConnectionStatus status,
    Instant connectedAt,
    Instant lastValidatedAt,
    String lastValidationError) {
  public PartnerConnection {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(connectedAt, "connectedAt");
  }

  public boolean isUsable() {
    return status == ConnectionStatus.CONNECTED || status == ConnectionStatus.ERROR;
  }
}
