package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.spi.MspTenantId;

/** Identities with several plausible contacts, waiting for an operator. One open item per identity. */
public interface ReconciliationQueueRepository {

  /** The latest item of each of these identities (open, resolved or dismissed), one round trip. */
  Map<EntraObjectId, ReconciliationItem> findLatestByObjectIds(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds);

  /** Inserts open items, or refreshes the candidates of an identity's open item. Idempotent. */
  void upsertOpen(MspTenantId msp, List<ReconciliationItem> items);

  /** Open items of the MSP, oldest first. */
  List<ReconciliationItem> listOpen(MspTenantId msp);

  /** The open item of one identity, if any. */
  Optional<ReconciliationItem> findOpen(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId);

  /**
   * Closes the open item of an identity as resolved or dismissed.
   *
   * @return false if there was no open item
   */
  boolean close(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId, QueueStatus status, String resolution, String by, Instant at);

  /**
   * Closes, in one batch, the open items of identities the sync has just linked or created a contact
   * for; identities without an open item are ignored. Implementations should override this default
   * (one call per identity) with a single statement.
   *
   * @param resolutions resolution text per identity
   */
  default void resolveOpen(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, String> resolutions, String by, Instant at) {
    for (Map.Entry<EntraObjectId, String> e : resolutions.entrySet()) {
      close(msp, tenantId, e.getKey(), QueueStatus.RESOLVED, e.getValue(), by, at);
    }
  }

  /** All items of the MSP in any status, ordered by tenant then object id. */
  List<ReconciliationItem> listAll(MspTenantId msp);
}
