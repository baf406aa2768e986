package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.core.model.EntraObjectId;
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

    /**
     * What applying {@code plan} did, counted in one place for every writer: the plan's counters
     * ({@link SyncPlan#counters()}), except that an identity whose write the host or the store refused
     * counts as skipped instead of what was planned for it, and a planned create that the writer
     * satisfied by linking an existing contact of the client counts as linked.
     *
     * @param refused the refused identities, as skips with the reason
     * @param linkedInsteadOfCreated identities planned as {@code Create} that were linked instead
     */
    public static PageWriteResult of(SyncPlan plan, List<PlannedAction.Skip> refused,
        Collection<EntraObjectId> linkedInsteadOfCreated) {
      Map<EntraObjectId, PlannedAction> planned = new HashMap<>();
      for (PlannedAction action : plan.actions()) {
        planned.put(action.objectId(), action); // one per identity; the last wins, as the writers apply it
      }
      SyncCounters counters = plan.counters();
      for (PlannedAction.Skip skip : refused) {
        counters = counters.plus(planned.get(skip.objectId()), -1).plus(skip, 1);
      }
      for (EntraObjectId id : linkedInsteadOfCreated) {
        counters = counters.withCreated(counters.created() - 1).withLinked(counters.linked() + 1);
      }
      return new PageWriteResult(counters, refused);
    }
  }
}
