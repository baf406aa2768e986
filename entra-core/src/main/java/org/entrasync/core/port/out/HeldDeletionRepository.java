package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.spi.MspTenantId;

/**
 * The inactivations the deletion-safety valve holds, one set per managed tenant, durable across
 * crashes and retries. Nothing is ever deleted: a tenant that holds nothing any more keeps its row,
 * empty.
 */
public interface HeldDeletionRepository {

  /** What the tenant holds, if anything. */
  Optional<HeldDeletions> find(MspTenantId msp, EntraTenantId tenantId);

  /** Every tenant of the MSP that holds something, by tenant id. */
  List<HeldDeletions> listHeld(MspTenantId msp);

  /** Stores the tenant's held set, replacing the one it had (approval included). */
  void hold(MspTenantId msp, HeldDeletions held);

  /** The tenant holds nothing any more (applied, or decided again without holding). */
  void release(MspTenantId msp, EntraTenantId tenantId, Instant at);

  /**
   * Marks the tenant's held set approved.
   *
   * @return false when the tenant holds nothing
   */
  boolean approve(MspTenantId msp, EntraTenantId tenantId, String by, Instant at);
}
