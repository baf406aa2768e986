package org.entrasync.core.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The planned actions for one page of one managed tenant, one action per identity in the page.
 *
 * @param seenObjectIds identities present in this page (removals excluded): a complete listing marks
 *     their links as seen, which drives deletion detection
 * @param eligibleUsers how many of the seen users pass the user filter (the tenant's eligible count
 *     adds these up over a full listing)
 * @param upkeep what the writer records on links besides the actions
 * @param listFullyNext the page held a partial entry the plan could not take whole: an identity not
 *     linked (it cannot be matched without its email), or an account enabled again, whose changes
 *     made while it was disabled were never applied and are not resent; the tenant's next round
 *     lists it fully
 */
public record SyncPlan(
    EntraTenantId tenantId,
    String clientId,
    List<PlannedAction> actions,
    Set<EntraObjectId> seenObjectIds,
    int eligibleUsers,
    LinkUpkeep upkeep,
    boolean listFullyNext) {
  public SyncPlan {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
    actions = List.copyOf(actions);
    seenObjectIds = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(seenObjectIds));
    upkeep = upkeep == null ? LinkUpkeep.NONE : upkeep;
    if (eligibleUsers < 0 || eligibleUsers > seenObjectIds.size()) {
      throw new IllegalArgumentException("eligibleUsers must be 0.." + seenObjectIds.size() + " (the users seen); got "
          + eligibleUsers);
    }
  }

  /** A plan that needs no full listing next. */
  public SyncPlan(EntraTenantId tenantId, String clientId, List<PlannedAction> actions, Set<EntraObjectId> seenObjectIds,
      int eligibleUsers, LinkUpkeep upkeep) {
    this(tenantId, clientId, actions, seenObjectIds, eligibleUsers, upkeep, false);
  }

  /** A plan without link upkeep. */
  public SyncPlan(EntraTenantId tenantId, String clientId, List<PlannedAction> actions, Set<EntraObjectId> seenObjectIds,
      int eligibleUsers) {
    this(tenantId, clientId, actions, seenObjectIds, eligibleUsers, LinkUpkeep.NONE);
  }

  /** A plan that filtered no present user (removals only, or a plan built by hand for a writer). */
  public SyncPlan(EntraTenantId tenantId, String clientId, List<PlannedAction> actions, Set<EntraObjectId> seenObjectIds) {
    this(tenantId, clientId, actions, seenObjectIds, 0);
  }

  /**
   * Bookkeeping on links that no action carries.
   *
   * @param clearSyncReason identities whose contact was seen active while their link still remembers
   *     a reason the sync once inactivated it for: the reason is stale and is cleared, so that it can
   *     neither undo a later manual inactivation nor hide a later deletion
   * @param returned identities reported present and not disabled: a removal pending or held for them
   *     is dropped (they came back)
   * @param heard linked identities a delta round reported removed: their links are marked seen like
   *     those of present identities, so that the round's count of the linked identities it did not
   *     hear about (counted unchanged) leaves them out. (A full listing never reports removals, so
   *     this cannot hide a deletion from it.)
   * @param accountEnabled linked identities whose reported account state differs from the one their
   *     link records: the state to record (what a later partial entry that does not resend it keeps)
   */
  public record LinkUpkeep(Set<EntraObjectId> clearSyncReason, Set<EntraObjectId> returned, Set<EntraObjectId> heard,
      java.util.Map<EntraObjectId, Boolean> accountEnabled) {
    public static final LinkUpkeep NONE = new LinkUpkeep(Set.of(), Set.of(), Set.of());

    public LinkUpkeep {
      clearSyncReason = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(clearSyncReason));
      returned = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(returned));
      heard = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(heard));
      accountEnabled = accountEnabled == null ? java.util.Map.of()
          : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accountEnabled));
      accountEnabled.values().forEach(v -> Objects.requireNonNull(v, "accountEnabled value"));
    }

    public LinkUpkeep(Set<EntraObjectId> clearSyncReason, Set<EntraObjectId> returned, Set<EntraObjectId> heard) {
      this(clearSyncReason, returned, heard, java.util.Map.of());
    }

    public LinkUpkeep(Set<EntraObjectId> clearSyncReason, Set<EntraObjectId> returned) {
      this(clearSyncReason, returned, Set.of());
    }

    public boolean isEmpty() {
      return clearSyncReason.isEmpty() && returned.isEmpty() && heard.isEmpty() && accountEnabled.isEmpty();
    }
  }

  /**
   * The counters this plan yields if every write succeeds. A {@link PlannedAction.PendingRemoval} is
   * not counted: the deletion decision after the listing counts it (inactivated, or unchanged while
   * held).
   */
  public SyncCounters counters() {
    SyncCounters counters = SyncCounters.ZERO;
    for (PlannedAction action : actions) {
      counters = counters.plus(action, 1);
    }
    return counters;
  }

  /** Whether applying this plan would write nothing: no action, no identity seen, no link upkeep. */
  public boolean writesNothing() {
    return actions.isEmpty() && seenObjectIds.isEmpty() && upkeep.isEmpty();
  }

  public <T extends PlannedAction> List<T> actionsOf(Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
