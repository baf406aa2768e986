package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SystemActor;
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
   * Closes the open item of an identity as resolved or dismissed ({@link Resolution#status()}),
   * storing {@link Resolution#text()}.
   *
   * @param by the operator's user id
   * @return false if there was no open item
   */
  boolean close(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId, Resolution resolution, String by, Instant at);

  /**
   * Closes, in one batch, the open items of identities the sync has just linked or created a contact
   * for, as resolved by {@link SystemActor#SYNC}; identities without an open item are ignored.
   * Implementations should override this default (one call per identity) with a single statement.
   */
  default void resolveOpen(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, Resolution> resolutions, Instant at) {
    for (Map.Entry<EntraObjectId, Resolution> e : resolutions.entrySet()) {
      close(msp, tenantId, e.getKey(), e.getValue(), SystemActor.SYNC.id(), at);
    }
  }

  /** All items of the MSP in any status, ordered by tenant then object id. */
  List<ReconciliationItem> listAll(MspTenantId msp);

  /** Open items of one managed tenant (a count, one round trip where the store allows). */
  default int countOpen(MspTenantId msp, EntraTenantId tenantId) {
    return (int) listOpen(msp).stream().filter(item -> item.tenantId().equals(tenantId)).count();
  }

  /** Whether one managed tenant has any item, open or closed (one round trip where the store allows). */
  default boolean hasAny(MspTenantId msp, EntraTenantId tenantId) {
    return listAll(msp).stream().anyMatch(item -> item.tenantId().equals(tenantId));
  }
}
