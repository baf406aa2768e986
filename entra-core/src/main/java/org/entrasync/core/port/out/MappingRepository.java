package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.spi.MspTenantId;

/** Tenant-to-client mapping decisions. One active decision per tenant; replaced ones stay as history. */
public interface MappingRepository {

  List<TenantMapping> listActive(MspTenantId msp);

  Optional<TenantMapping> findActive(MspTenantId msp, EntraTenantId tenantId);

  /** Active mappings of one client, in state {@code mapped} or {@code create_new}. */
  List<TenantMapping> findActiveByClient(MspTenantId msp, String clientId);

  /**
   * Makes every given decision the active one for its tenant, all or nothing: the previous active
   * decision of each tenant becomes history in the same transaction.
   */
  void saveDecisions(MspTenantId msp, List<TenantMapping> decisions);

  /** Ends the active decision of a tenant (unmap), keeping it as history. */
  void deactivate(MspTenantId msp, EntraTenantId tenantId, String by, Instant at);

  /** Every decision ever taken for a tenant, newest first. */
  List<TenantMapping> history(MspTenantId msp, EntraTenantId tenantId);
}
