package org.entrasync.spi;

import java.util.List;
import java.util.Optional;

/** The host's clients. */
public interface HostClientDirectory {

  /** Every client of the MSP tenant (matching candidates). */
  List<HostClient> listClients(MspTenantId tenant);

  Optional<HostClient> findClient(MspTenantId tenant, String clientId);

  /**
   * Creates the client for a {@code create_new} decision, idempotently: a second call with the same
   * {@link ClientDraft#provisioningKey()} returns the client the first call created.
   */
  HostClient provisionClient(MspTenantId tenant, ClientDraft draft);
}
