package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.spi.MspTenantId;

/**
 * Applies one page's plan: contacts created, patched, inactivated or reactivated; links upserted
 * and marked seen; reconciliation items upserted (and open items of identities now linked
 * resolved). A constant number of round trips per page, never one per user. Applying the same plan
 * twice leaves the same state.
 *
 * <p>Where host contacts live in the same database as the library's tables, the implementation
 * commits all of it in one transaction.
 */
public interface SyncPageWriter {

  PageWriteResult apply(MspTenantId msp, SyncPlan plan, Instant syncedAt);

  /**
   * @param counters what actually happened (a refused create counts as skipped, not created)
   * @param refused creates the host refused, as skips with the host's reason
   */
  record PageWriteResult(SyncCounters counters, List<PlannedAction.Skip> refused) {
    public PageWriteResult {
      Objects.requireNonNull(counters, "counters");
      refused = List.copyOf(refused);
    }
  }
}
