package org.entrasync.core.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.Removal;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.core.sync.DryRunEntry;
import org.entrasync.spi.MspTenantId;

/**
 * A dry run's page writer: writes nothing, and records what a real run would have done (the report
 * entries) and what a real run would have marked in storage (seen identities, pending removals), so
 * that the deletion decision after the listing sees the round as a real run would.
 */
final class DryRunPageWriter implements TenantPageWriter {
  private final List<DryRunEntry> entries = new ArrayList<>();
  /** The identities listed (a real run marks their links seen). */
  private final Set<EntraObjectId> seen = new HashSet<>();
  /** The removals the pages found (a real run records them on their links), with their links. */
  private final Map<EntraObjectId, TenantSyncService.Candidate> pending = new LinkedHashMap<>();
  /** Linked identities heard about (a real run marks them seen). */
  private final Set<EntraObjectId> heardLinked = new HashSet<>();

  @Override
  public PageWriteResult apply(MspTenantId msp, SyncPlan plan, Map<EntraObjectId, ContactLink> links,
      List<DirectoryChange> changes, boolean redelivered) {
    if (!redelivered) {
      entries.addAll(DryRunReport.entries(plan, changes));
    }
    seen.addAll(plan.seenObjectIds());
    for (PlannedAction.PendingRemoval removal : plan.actionsOf(PlannedAction.PendingRemoval.class)) {
      pending.put(removal.objectId(), new TenantSyncService.Candidate(links.get(removal.objectId()),
          new Removal(removal.objectId(), removal.contactId(), removal.reason())));
    }
    heardLinked.addAll(links.keySet());
    return new PageWriteResult(plan.counters(), List.of());
  }

  @Override
  public boolean writes() {
    return false;
  }

  @Override
  public boolean wrote() {
    return false;
  }

  @Override
  public boolean stillPending(ContactLink link, Instant started) {
    return pending.containsKey(link.objectId()) || !seen.contains(link.objectId());
  }

  @Override
  public Map<EntraObjectId, TenantSyncService.Candidate> pendingNotStored() {
    return pending;
  }

  @Override
  public boolean seenNotStored(EntraObjectId objectId) {
    return seen.contains(objectId);
  }

  @Override
  public Set<EntraObjectId> heardNotStored() {
    return heardLinked;
  }

  @Override
  public void recordDeletions(List<Removal> toApply, List<Removal> toHold) {
    for (Removal r : toApply) {
      entries.add(new DryRunEntry(r.objectId(), null, null, DryRunEntry.Bucket.MARK_INACTIVE,
          List.of(r.contactId()), r.reason().wireName()));
    }
    for (Removal r : toHold) {
      entries.add(new DryRunEntry(r.objectId(), null, null, DryRunEntry.Bucket.HELD,
          List.of(r.contactId()), r.reason().wireName()));
    }
  }

  @Override
  public List<DryRunEntry> entries() {
    return entries;
  }
}
