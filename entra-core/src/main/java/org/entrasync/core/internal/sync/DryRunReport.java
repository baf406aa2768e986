package org.entrasync.core.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.sync.DryRunEntry;

/** Turns a plan into the per-identity buckets a dry run reports. */
final class DryRunReport {
  private DryRunReport() {}

  static List<DryRunEntry> entries(SyncPlan plan, List<DirectoryChange> changes) {
    Map<EntraObjectId, DirectoryUser> users = usersById(changes);
    List<DryRunEntry> entries = new ArrayList<>(plan.actions().size());
    for (PlannedAction action : plan.actions()) {
      if (action instanceof PlannedAction.PendingRemoval) {
        continue; // the deletion decision after the listing reports these
      }
      DirectoryUser user = users.get(action.objectId());
      String email = user == null ? null : user.primaryEmail().orElse(null);
      String name = user == null ? null : user.displayName();
      entries.add(entry(action, email, name));
    }
    return entries;
  }

  private static DryRunEntry entry(PlannedAction action, String email, String name) {
    EntraObjectId id = action.objectId();
    if (action instanceof PlannedAction.Create) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.CREATE, List.of(), null);
    } else if (action instanceof PlannedAction.Link link) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.LINK, List.of(link.contactId()), null);
    } else if (action instanceof PlannedAction.Update update) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.UPDATE, List.of(update.contactId()), null);
    } else if (action instanceof PlannedAction.Unchanged unchanged) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.NO_CHANGE, List.of(unchanged.contactId()), null);
    } else if (action instanceof PlannedAction.Queue queue) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.NEEDS_DECISION, queue.candidateContactIds(), null);
    } else if (action instanceof PlannedAction.Inactivate inactivate) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.MARK_INACTIVE, List.of(inactivate.contactId()),
          inactivate.reason().wireName());
    } else if (action instanceof PlannedAction.Reactivate reactivate) {
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.REACTIVATE, List.of(reactivate.contactId()), null);
    } else {
      PlannedAction.Skip skip = (PlannedAction.Skip) action;
      return new DryRunEntry(id, email, name, DryRunEntry.Bucket.SKIPPED, List.of(),
          skip.reason().wireName() + (skip.detail() == null ? "" : ": " + skip.detail()));
    }
  }

  private static Map<EntraObjectId, DirectoryUser> usersById(List<DirectoryChange> changes) {
    Map<EntraObjectId, DirectoryUser> users = new java.util.HashMap<>();
    for (DirectoryChange change : changes) {
      if (change instanceof DirectoryChange.Present present) {
        users.put(present.objectId(), present.user());
      }
    }
    return users;
  }
}
